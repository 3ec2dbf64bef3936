import { paginateListObjectsV2, type S3Client, type _Object } from '@aws-sdk/client-s3';
import { UserFacingError } from '../../handlers/lib/errors/pipeline-error';

/** The bucket a command reads does not exist on the target: the stack is not deployed there. */
export class BucketMissingError extends UserFacingError {}

/**
 * Every object under `prefix`, all pages. A missing bucket becomes a one-line user error
 * saying to deploy or provision first; other failures are rethrown for the caller to translate.
 */
export async function listObjects(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<_Object[]> {
  const out: _Object[] = [];
  try {
    for await (const page of paginateListObjectsV2(
      { client: s3 },
      { Bucket: bucket, Prefix: prefix },
    )) {
      out.push(...(page.Contents ?? []));
    }
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchBucket') {
      throw new BucketMissingError(
        `the bucket ${bucket} does not exist on this target; deploy or provision the stack first (pipeline up)`,
        { cause: err, context: { bucket } },
      );
    }
    throw err;
  }
  return out;
}
