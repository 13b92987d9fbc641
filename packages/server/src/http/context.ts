import type { Partner } from '../partners/partner.js';

/** What middleware hands to the handlers after it, through `c.var`. */
export interface AppEnv {
  Variables: {
    /** The id of this request, also in the `X-Request-Id` response header and in every log line. */
    requestId: string;
    /**
     * The partner whose publishable key the request carried (on `/v1/*`), or whose secret key it
     * carried (on `/v1/partner`).
     */
    partner: Partner;
    /** The end user a verified user token speaks for (on user-scoped routes only). */
    user: { id: string };
  };
}
