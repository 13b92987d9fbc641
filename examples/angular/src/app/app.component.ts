import { Component } from '@angular/core';
import { SupportChatComponent } from './support-chat.component';

// The provider the chat talks to; `?provider=…&model=…&base-url=…` points it at another server.
const query = new URLSearchParams(location.search);

@Component({
  selector: 'app-root',
  imports: [SupportChatComponent],
  template: `<main>
    <h1>Acme Support</h1>
    <app-support-chat [provider]="provider" [model]="model" [baseUrl]="baseUrl" />
  </main>`,
})
export class AppComponent {
  protected readonly provider = query.get('provider') ?? 'openai-compatible';
  protected readonly model = query.get('model') ?? 'llama3.2';
  protected readonly baseUrl = query.get('base-url') ?? 'http://localhost:11434/v1';
}
