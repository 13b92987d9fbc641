import type { Partner } from '../partners/partner.js';

/** What middleware hands to the handlers after it, through `c.var`. */
export interface AppEnv {
  Variables: {
    /** The id of this request, also in the `X-Request-Id` response header and in every log line. */
    requestId: string;
    /** The partner whose publishable key the request carried (set on `/v1/*` only). */
    partner: Partner;
  };
}
