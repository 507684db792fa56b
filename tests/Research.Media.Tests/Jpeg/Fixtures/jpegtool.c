/* Writes the JPEG fixtures with libjpeg and decodes them with libjpeg's default settings (see make-fixtures.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

static unsigned char *read_pnm(const char *path, int *w, int *h, int *c) {
  FILE *f = fopen(path, "rb"); char magic[3] = {0}; int maxv;
  if (!f || fscanf(f, "%2s %d %d %d", magic, w, h, &maxv) != 4) { fprintf(stderr, "bad pnm\n"); exit(1); }
  fgetc(f);
  *c = magic[1] == '6' ? 3 : 1;
  size_t n = (size_t)*w * *h * *c; unsigned char *p = malloc(n);
  if (fread(p, 1, n, f) != n) { fprintf(stderr, "short pnm\n"); exit(1); }
  fclose(f); return p;
}

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "enc") == 0) {
    int w, h, c; unsigned char *px = read_pnm(argv[2], &w, &h, &c);
    struct jpeg_compress_struct ci; struct jpeg_error_mgr err;
    ci.err = jpeg_std_error(&err); jpeg_create_compress(&ci);
    FILE *out = fopen(argv[3], "wb"); jpeg_stdio_dest(&ci, out);
    ci.image_width = w; ci.image_height = h; ci.input_components = c;
    ci.in_color_space = c == 3 ? JCS_RGB : JCS_GRAYSCALE;
    jpeg_set_defaults(&ci);
    int quality = 90, force_baseline = TRUE, exif = 0;
    for (int i = 4; i < argc; i++) {
      if (!strncmp(argv[i], "q=", 2)) quality = atoi(argv[i] + 2);
      else if (!strncmp(argv[i], "q16=", 4)) { quality = atoi(argv[i] + 4); force_baseline = FALSE; }
      else if (!strcmp(argv[i], "exif")) exif = 1;
      else if (!strcmp(argv[i], "rgb")) jpeg_set_colorspace(&ci, JCS_RGB);
      else if (!strcmp(argv[i], "progressive")) jpeg_simple_progression(&ci);
      else if (!strcmp(argv[i], "optimize")) ci.optimize_coding = TRUE;
      else if (!strcmp(argv[i], "arith")) ci.arith_code = TRUE;
      else if (!strncmp(argv[i], "restart=", 8)) ci.restart_interval = atoi(argv[i] + 8);
      else if (!strncmp(argv[i], "rows=", 5)) ci.restart_in_rows = atoi(argv[i] + 5);
      else if (!strncmp(argv[i], "samp=", 5)) { /* samp=HxV,HxV,HxV */
        const char *s = argv[i] + 5;
        for (int k = 0; k < ci.num_components && *s; k++) {
          int hh, vv, n; sscanf(s, "%dx%d%n", &hh, &vv, &n);
          ci.comp_info[k].h_samp_factor = hh; ci.comp_info[k].v_samp_factor = vv; s += n; if (*s == ',') s++;
        }
      }
    }
    jpeg_set_quality(&ci, quality, force_baseline);
    jpeg_start_compress(&ci, TRUE);
    if (exif) {
      /* An APP1 and a COM segment whose payloads hold marker-like bytes, which readers must skip by length. */
      static const unsigned char app1[] = { 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0xFF, 0xD9, 0xFF, 0xC4, 0xFF, 0xDA, 1, 2, 3 };
      static const char com[] = "fixture \xFF\xD8 comment";
      jpeg_write_marker(&ci, JPEG_APP0 + 1, app1, sizeof app1);
      jpeg_write_marker(&ci, JPEG_COM, (const JOCTET *)com, sizeof com - 1);
    }
    while (ci.next_scanline < ci.image_height) {
      JSAMPROW row = px + (size_t)ci.next_scanline * w * c; jpeg_write_scanlines(&ci, &row, 1);
    }
    jpeg_finish_compress(&ci); fclose(out); jpeg_destroy_compress(&ci);
    return 0;
  }
  if (argc >= 4 && strcmp(argv[1], "dec") == 0) {
    struct jpeg_decompress_struct di; struct jpeg_error_mgr err;
    di.err = jpeg_std_error(&err); jpeg_create_decompress(&di);
    FILE *in = fopen(argv[2], "rb"); jpeg_stdio_src(&di, in);
    jpeg_read_header(&di, TRUE);
    if (argc >= 5 && !strcmp(argv[4], "float")) di.dct_method = JDCT_FLOAT;
    jpeg_start_decompress(&di);
    int w = di.output_width, h = di.output_height, c = di.output_components;
    FILE *out = fopen(argv[3], "wb"); fprintf(out, "P%d\n%d %d\n255\n", c == 3 ? 6 : 5, w, h);
    unsigned char *row = malloc((size_t)w * c);
    while (di.output_scanline < di.output_height) { jpeg_read_scanlines(&di, &row, 1); fwrite(row, 1, (size_t)w * c, out); }
    jpeg_finish_decompress(&di); fclose(out); fclose(in); jpeg_destroy_decompress(&di);
    return 0;
  }
  fprintf(stderr, "usage: jtool enc in.pnm out.jpg [q=N rgb progressive optimize arith restart=N rows=N samp=HxV,..] | dec in.jpg out.pnm [float]\n");
  return 2;
}
