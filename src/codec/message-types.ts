import type { MethodMessages } from './generated/messages.js';

/** A connector method name, e.g. `createCustomer`. */
export type MethodName = keyof MethodMessages;
/** The full request record of a method (call context + arguments). */
export type RequestOf<M extends MethodName> = MethodMessages[M]['request'];
/** The full reply record of a method (call context + status + data). */
export type ResponseOf<M extends MethodName> = MethodMessages[M]['response'];
/** A method's own arguments: the request record without the call context. */
export type ArgsOf<M extends MethodName> = Omit<RequestOf<M>, 'outboundAdapterCallContext'>;
/** What a method returns on success. */
export type DataOf<M extends MethodName> = NonNullable<ResponseOf<M>['data']>;
