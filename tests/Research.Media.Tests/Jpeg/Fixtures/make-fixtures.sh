#!/usr/bin/env bash
# Regenerates the libjpeg fixtures: each NAME.jpg is written by libjpeg(-turbo) with the options listed below, and
# NAME.libjpeg.pnm is libjpeg's own decode of it with default settings (islow IDCT, fancy upsampling), the reference
# the decoder tests compare against. Needs gcc, libjpeg headers (libjpeg62-turbo-dev) and ffmpeg for the sources.
set -euo pipefail
cd "$(dirname "$0")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O2 -Wall -o "$work/jpegtool" jpegtool.c -ljpeg

# Sources: testsrc2 (sharp colour edges, text, gradients) cropped to sizes that are not multiples of any MCU.
ffmpeg -v error -y -f lavfi -i testsrc2=size=64x48 -frames:v 1 -vf "format=rgb24,crop=45:29:7:9" "$work/small.ppm"
ffmpeg -v error -y -f lavfi -i testsrc2=size=128x96 -frames:v 1 -vf "format=rgb24,crop=121:83:3:5" "$work/large.ppm"
ffmpeg -v error -y -i "$work/small.ppm" -pix_fmt gray "$work/small.pgm"
ffmpeg -v error -y -i "$work/large.ppm" -pix_fmt gray "$work/large.pgm"

make() { # name source options...
  local name="$1" src="$2"
  shift 2
  "$work/jpegtool" enc "$work/$src" "$name.jpg" "$@"
  if [ "$name" != "arithmetic" ]; then "$work/jpegtool" dec "$name.jpg" "$name.libjpeg.pnm"; fi
}

make baseline_420 small.ppm q=90 samp=2x2,1x1,1x1
make baseline_422_restart small.ppm q=90 samp=2x1,1x1,1x1 restart=2
make baseline_440 small.ppm q=90 samp=1x2,1x1,1x1
make baseline_411 small.ppm q=90 samp=4x1,1x1,1x1
make baseline_mixed small.ppm q=90 samp=2x2,1x2,2x1
make baseline_444_exif small.ppm q=95 samp=1x1,1x1,1x1 exif
make baseline_gray small.pgm q=90
make baseline_gray_2x2 small.pgm q=90 samp=2x2
make adobe_rgb small.ppm q=90 rgb
make extended_16bit_quant small.ppm q16=3
make progressive_420 large.ppm q=75 samp=2x2,1x1,1x1 progressive
make progressive_444_restart small.ppm q=90 samp=1x1,1x1,1x1 progressive restart=1
make progressive_gray large.pgm q=85 progressive
make arithmetic small.ppm q=90 arith
