// Image files beside the engine: decoding, orientation, alpha, encoding and atomic writes with sharp.
// The engine itself works on FloatImage only; this package is the one way into image file I/O.
export { flattenOnWhite, resizeAlpha, resizeAlpha16 } from './alpha.ts';
export {
  type AtomicWriteOptions,
  checkOutputTarget,
  outputError,
  publishAtomically,
  removePendingTempFilesSync,
  scratchFileFor,
  syncFile,
  TEMP_FILE_MARKER,
  tempFileWriter,
  tempPathFor,
  writeFileAtomically,
  writtenSince,
} from './atomic-write.ts';
export { resetExifOrientation } from './exif-orientation.ts';
export { setExifResolution } from './exif-resolution.ts';
export { onlyFirstFrameWarning } from './extra-frames.ts';
export {
  type BitDepth,
  bufferAsUint16,
  type IntegerPixels,
  interleavedToPlanar,
  maxValue,
  planarToInterleaved,
  planeToUint16,
  uint16ToPlane,
} from './float-pixels.ts';
export { isPhotoName, PHOTO_TYPES } from './photo-types.ts';
export { embedPngMetadata, iccColourSpace, metadataChunks, pngChunk, type PngMetadata } from './png-metadata.ts';
export { type PngStreamHeader, PngStreamWriter } from './png-stream.ts';
export { type CarriedMetadata, type DecodedImage, MAX_INPUT_PIXELS, readImage } from './read-image.ts';
export { resampleImage, scaledSize } from './resample-output.ts';
export { STREAM_ABOVE_PIXELS, type StreamedImageOptions, StreamedImageWriter } from './streamed-write.ts';
export {
  applyFormat,
  checkFormatLimits,
  checkWriteTarget,
  colourspaceFor,
  DEFAULT_QUALITY,
  encodeImage,
  type ImageToWrite,
  OUTPUT_FORMATS,
  outputBitDepth,
  type OutputFormat,
  outputMetadata,
  writeImage,
  type WriteImageOptions,
} from './write-image.ts';
export { checkReplaceable, DVAR_XMP_NAMESPACE, hasDvarMarker, isDvarOutputFile, withDvarMarker } from './output-marker.ts';
