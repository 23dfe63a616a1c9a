// Image files beside the engine: decoding, orientation, alpha, encoding and atomic writes with sharp.
// The engine itself works on FloatImage only; this package is the one way into image file I/O.
export * from './alpha.ts';
export * from './atomic-write.ts';
export * from './exif-orientation.ts';
export * from './exif-resolution.ts';
export * from './extra-frames.ts';
export * from './float-pixels.ts';
export * from './photo-types.ts';
export * from './png-metadata.ts';
export * from './png-stream.ts';
export * from './read-image.ts';
export * from './resample-output.ts';
export * from './streamed-write.ts';
export * from './write-image.ts';
export * from './output-marker.ts';
