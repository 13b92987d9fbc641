import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { TesseraLibrary as TesseraLibraryElement } from '../library/library.element.js';
import { define } from '../shared/define.js';
import {
  TesseraConversationDeletedEvent,
  TesseraErrorOccurredEvent,
  TesseraExportCompletedEvent,
  TesseraImportCompletedEvent,
} from '../shared/events.js';

// Registered here rather than through a side-effect import, so a bundler that trusts `sideEffects`
// cannot drop the registration while keeping the component.
define({ noun: 'library', element: TesseraLibraryElement });

/**
 * `<tessera-library>` for React: properties are set on the element (`tessera`, `appearance`, …) and
 * its events are typed props (`onImportCompleted`, `onExportCompleted`, `onConversationDeleted`,
 * `onErrorOccurred`). The ref is the element.
 */
export const TesseraLibrary = createComponent({
  react: React,
  tagName: 'tessera-library',
  elementClass: TesseraLibraryElement,
  events: {
    onImportCompleted: TesseraImportCompletedEvent.eventName as EventName<TesseraImportCompletedEvent>,
    onExportCompleted: TesseraExportCompletedEvent.eventName as EventName<TesseraExportCompletedEvent>,
    onConversationDeleted: TesseraConversationDeletedEvent.eventName as EventName<TesseraConversationDeletedEvent>,
    onErrorOccurred: TesseraErrorOccurredEvent.eventName as EventName<TesseraErrorOccurredEvent>,
  },
  displayName: 'TesseraLibrary',
});

/** Every property of `<tessera-library>`, and its events as typed `on…` props. */
export type TesseraLibraryProps = React.ComponentPropsWithoutRef<typeof TesseraLibrary>;
