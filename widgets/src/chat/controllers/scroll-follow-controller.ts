import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How far from the bottom (px) still counts as at the bottom: rounding, not a scroll. */
const SLACK = 4;

/**
 * Keeps a scrolling list at its bottom while the user is there: whenever the content grows (an
 * answer streaming, a conversation loading) it scrolls down. Once the user scrolls up it stops
 * following, until `follow()` (the "Jump to latest" button, or sending a message).
 */
export class ScrollFollowController implements ReactiveController {
  /** Whether the list follows its newest content. */
  following = true;
  readonly #host: ReactiveControllerHost;
  #scroller: HTMLElement | undefined;
  #content: Element | undefined;
  #lastTop = 0;
  // Fires after layout and before paint: the list is scrolled in the same frame the content grew.
  readonly #resized = new ResizeObserver(() => {
    if (this.following) this.#toBottom();
  });

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Watches `content` grow inside `scroller` (call after each render; cheap when unchanged). */
  attach(scroller: HTMLElement | null, content: Element | null): void {
    if (!scroller || !content || (scroller === this.#scroller && content === this.#content)) return;
    if (this.#content) this.#resized.unobserve(this.#content);
    this.#scroller = scroller;
    this.#content = content;
    this.#resized.observe(content);
  }

  // Reattached by the next render (a chat moved in the page).
  hostConnected(): void {
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#resized.disconnect();
    this.#scroller = this.#content = undefined;
  }

  /**
   * The scroll listener of the list. Back at the bottom: follow again. Away from it: stop following
   * only if the list moved up, as a user scrolls; the browser's own adjustments (scroll anchoring as
   * rows reflow or are added above) move it down or not at all, and must not stop it.
   */
  readonly onScroll = (): void => {
    const s = this.#scroller;
    if (!s) return;
    const top = s.scrollTop;
    if (s.scrollHeight - top - s.clientHeight <= SLACK) this.#set(true);
    else if (top < this.#lastTop) this.#set(false);
    this.#lastTop = top;
  };

  /** The wheel listener: scrolling up stops following at once, before the scroll lands. */
  readonly onWheel = (event: WheelEvent): void => {
    if (event.deltaY < 0) this.#set(false);
  };

  /** Scrolls to the bottom and follows from now on. */
  follow(): void {
    this.#set(true);
    this.#toBottom();
  }

  #set(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.#host.requestUpdate();
  }

  #toBottom(): void {
    if (this.#scroller) this.#scroller.scrollTop = this.#scroller.scrollHeight;
  }
}
