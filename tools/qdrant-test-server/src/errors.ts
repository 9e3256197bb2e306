/**
 * A failure the server answers with Qdrant's documented error body:
 * `{ "status": { "error": "…" }, "time": … }` (schema `ErrorResponse`).
 */
export class QdrantHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 400, for bodies that do not parse into the documented shape ("Format error in JSON body"). */
export const formatError = (what: string) => new QdrantHttpError(400, `Format error in JSON body: ${what}`);
/** 422, for values that parse but break a documented constraint (`minimum: 1`…). */
export const validationError = (what: string) => new QdrantHttpError(422, `Validation error in JSON body: [${what}]`);
/** 400, Qdrant's "Wrong input" (dimension mismatch, unknown vector name…). */
export const wrongInput = (what: string) => new QdrantHttpError(400, `Wrong input: ${what}`);
export const notFound = (what: string) => new QdrantHttpError(404, `Not found: ${what}`);
export const collectionNotFound = (name: string) => notFound(`Collection \`${name}\` doesn't exist!`);
