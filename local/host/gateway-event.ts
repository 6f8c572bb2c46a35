// API Gateway (payload_format_version 0.1) calls the function with the function URL's event plus
// the route it matched.
import { getField, setField } from './records.ts';
import type { GatewayHttpEvent, HttpEvent } from './types.ts';

export interface GatewayMatch {
  /** The path as written in the spec, e.g. `/keys/{keyId}/versions`. */
  specPath: string;
  /** Already percent-decoded once. */
  pathParams: Record<string, string>;
}

export function gatewayEvent(event: HttpEvent, match: GatewayMatch, rawPath: string, rawQuery: string): GatewayHttpEvent {
  const params: Record<string, string> = {};
  const multiValueParams: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters)) {
    setField(multiValueParams, name, [...values]);
    const last = getField(event.queryStringParameters, name);
    if (last !== undefined) setField(params, name, last);
  }
  // A path parameter is what routed the call, so it wins over a query parameter of the same name.
  for (const [name, value] of Object.entries(match.pathParams)) {
    setField(params, name, value);
    setField(multiValueParams, name, [value]);
  }
  return {
    ...event,
    // Real gateway events carry the request target with its `?` even when the query is empty.
    url: `${rawPath}?${rawQuery}`,
    path: match.specPath,
    pathParams: { ...match.pathParams },
    params,
    multiValueParams,
  };
}
