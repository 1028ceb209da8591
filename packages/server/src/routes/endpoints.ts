/**
 * Handlers registered from the endpoint table (@jixiao/api's ENDPOINTS): one typed handler per
 * endpoint name, grouped by resource in the modules beside this one. The table gives method,
 * path, schemas (validation, serialisation and the OpenAPI document) and the success status; a
 * handler only finds the principal, delegates to a service and returns what the table says it
 * answers — a value for JSON, nothing for 204, a `Download` for a file.
 */
import {
  API_PREFIX,
  ENDPOINTS,
  ENDPOINT_NAMES,
  type Endpoint,
  type EndpointName,
  type EndpointOf,
  type EndpointResponse,
  type EndpointsOf,
  type FileResponse,
  type ParsedBody,
  type ParsedParams,
  type ParsedQuery,
  isFileResponse,
  routeSchema,
} from "@jixiao/api";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { attachment } from "./content-disposition.js";

/** A file to download: its bytes, media type and name (sent with an ASCII fallback name, RFC 6266/5987). */
export interface Download {
  body: Uint8Array;
  contentType: string;
  filename: string;
  /** The ASCII name for clients that cannot read the encoded one ("report.docx"). */
  fallback: string;
}

/** The request as a handler sees it: parameters, query and body already validated by the table's schemas. */
export type HandlerRequest<N extends EndpointName> = FastifyRequest<{
  Params: ParsedParams<N>;
  Querystring: ParsedQuery<N>;
  Body: ParsedBody<N>;
}>;

/** What a handler returns: the JSON value, nothing for 204, or a file. */
export type HandlerResult<N extends EndpointName> = EndpointOf<N>["response"] extends FileResponse
  ? Download
  : EndpointOf<N>["status"] extends 204
    ? void
    : EndpointResponse<N>;

export type Handler<N extends EndpointName> = (req: HandlerRequest<N>, reply: FastifyReply) => Promise<HandlerResult<N>>;

/** Handlers for every endpoint whose name starts with one of `resources` (exactly those: a missing or extra one is a type error). */
export type HandlersFor<R extends string> = { [N in EndpointsOf<R>]: Handler<N> };

/** Every endpoint's handler. */
export type Handlers = { [N in EndpointName]: Handler<N> };

/** Register every endpoint of the table with its handler. */
export function registerEndpoints(root: FastifyInstance, handlers: Handlers): void {
  for (const name of ENDPOINT_NAMES) {
    const e: Endpoint = ENDPOINTS[name];
    const handle = handlers[name] as unknown as (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
    root.route({
      method: e.method,
      url: API_PREFIX + e.path,
      schema: routeSchema(e),
      handler: async (req, reply) => {
        const out = await handle(req, reply);
        if (isFileResponse(e.response)) {
          const d = out as Download;
          void reply.header("content-type", d.contentType).header("content-disposition", attachment(d.filename, d.fallback));
          return reply.send(Buffer.from(d.body));
        }
        if (e.status === 204) return reply.status(204).send(null);
        return reply.status(e.status).send(out);
      },
    });
  }
}
