import { UserFacingError } from '../../handlers/lib/errors/pipeline-error';

/** scripts/docker/build-images.sh could not build (or load) the Docker path's local images. */
export class ImageBuildError extends UserFacingError {}
