import { Component, CUSTOM_ELEMENTS_SCHEMA, input } from '@angular/core';
import { createTessera } from '@tessera/core';
import { defineWidgets, type TesseraErrorOccurredEvent } from '@tessera/widgets';

defineWidgets(); // registers <tessera-chat>

/** The chat, themed as the site. `baseUrl` is the provider's API, e.g. a local Ollama. */
@Component({
  selector: 'app-support-chat',
  // Lets the template use Tessera's custom elements and bind their properties.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  // `attr.`: the chat sends base-url only to the provider its provider attribute names.
  template: `<tessera-chat
    [tessera]="tessera"
    [appearance]="appearance"
    [attr.provider]="provider()"
    [model]="model()"
    [attr.base-url]="baseUrl()"
    (tessera-error-occurred)="warn($event)"
  ></tessera-chat>`,
})
export class SupportChatComponent {
  readonly provider = input.required<string>();
  readonly model = input.required<string>();
  readonly baseUrl = input.required<string>();

  // Conversations stay in this browser (IndexedDB); keys stay in this page's memory.
  protected readonly tessera = createTessera();
  protected readonly appearance = { preset: 'dark', variables: { '--tessera-color-accent': '#2f9e77' } };

  protected warn(event: Event) {
    console.warn((event as TesseraErrorOccurredEvent).detail.message);
  }
}
