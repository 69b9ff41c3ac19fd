import { mediaTypeEssence } from '../contentType';
import type { GatewayHook } from '../hook';
import { badRequest } from '../httpErrors';

/** Content types a browser sends cross-site without a CORS preflight. */
const SIMPLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];

/**
 * CSRF prevention: a request a browser could send from another site without a preflight (no
 * content type, or a "simple" one, and none of the preflight headers) is refused before anything
 * runs: a GET needs one of those headers. The same rule and message as Apollo Server's.
 */
export function useCsrfPrevention(): GatewayHook {
  const message =
    `This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header ` +
    `(with a type that is not one of ${SIMPLE_TYPES.join(', ')}) or provide a non-empty value for one of the following headers: ${PREFLIGHT_HEADERS.join(', ')}\n`;
  return {
    name: 'csrfPrevention',
    onRequest({ req }) {
      const contentType = req.headers['content-type'];
      if (contentType !== undefined) {
        const essence = mediaTypeEssence(contentType);
        if (essence === null || !SIMPLE_TYPES.includes(essence)) return;
      }
      for (const header of PREFLIGHT_HEADERS) if (req.headers[header]) return;
      return badRequest(message);
    },
  };
}
