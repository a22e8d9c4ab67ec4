/**
 * The part of Office.js (https://learn.microsoft.com/javascript/api/outlook) the pane uses, declared here
 * instead of pulling in all of @types/office-js. Shapes follow the documented API: async methods take a
 * callback receiving an AsyncResult { status: 'succeeded' | 'failed', value, error }.
 */
export interface OfficeAsyncResult<T> {
  status: 'succeeded' | 'failed';
  value: T;
  error?: { code: number; name: string; message: string };
  asyncContext?: unknown;
}
export type OfficeCallback<T> = (result: OfficeAsyncResult<T>) => void;

export interface OfficeEmailAddressDetails {
  displayName: string;
  emailAddress: string;
}

export interface OfficeAttachmentDetails {
  id: string;
  name: string;
  size: number;
  attachmentType: 'file' | 'item' | 'cloud';
  isInline: boolean;
  contentType?: string;
}

export interface OfficeMessageRead {
  itemType: 'message' | 'appointment';
  itemId: string;
  internetMessageId: string;
  conversationId: string;
  subject: string;
  from?: OfficeEmailAddressDetails;
  sender?: OfficeEmailAddressDetails;
  dateTimeCreated: Date;
  attachments: OfficeAttachmentDetails[];
  body: { getAsync(coercionType: string, options: object, callback: OfficeCallback<string>): void };
  /** Opens a reply to this message with the body filled in; the person reviews it and presses Send. */
  displayReplyForm?(formData: string | { htmlBody?: string }): void;
}

export interface OfficeDialog {
  addEventHandler(eventType: string, handler: (arg: { message?: string; origin?: string; error?: number }) => void): void;
  close(): void;
}

export interface OfficeNamespace {
  onReady(callback?: (info: { host: string | null; platform: string | null }) => void): Promise<{ host: string | null; platform: string | null }>;
  initialize?: (reason: unknown) => void;
  context: {
    mailbox?: {
      item?: OfficeMessageRead | null;
      convertToRestId(itemId: string, restVersion: string): string;
      userProfile?: { displayName: string; emailAddress: string };
    };
    ui?: {
      displayDialogAsync(url: string, options: { height?: number; width?: number; displayInIframe?: boolean }, callback: OfficeCallback<OfficeDialog>): void;
    };
    requirements?: { isSetSupported(name: string, minVersion?: string): boolean };
  };
  auth?: {
    getAccessToken(options?: { allowSignInPrompt?: boolean; allowConsentPrompt?: boolean; forMSGraphAccess?: boolean }): Promise<string>;
  };
  CoercionType: { Text: string; Html: string };
  MailboxEnums: { RestVersion: { v2_0: string } };
  EventType: { DialogMessageReceived: string; DialogEventReceived: string };
}

declare global {
  interface Window {
    Office?: OfficeNamespace;
  }
}
