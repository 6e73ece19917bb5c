/*
 * Native float32 kernels for the tfjs wasm backend of @ae/backend.
 *
 * Every function reads its inputs from Float32Array / Int32Array views of the wasm heap
 * (or any memory) and writes only into the output view it is given: a tensor's memory is
 * never written in place (the wasm backend caches packed weights per tensor). Scratch
 * memory (im2col columns) is allocated here with malloc, never on the wasm heap, so no
 * view the caller holds can be detached by a heap growth during a call; the im2col buffer
 * is kept for the next call (at most 512 KiB per thread, more only when one image needs more).
 *
 * Matrix products go to OpenBLAS's cblas_sgemm (linked statically). Layouts are tfjs's:
 * row-major matrices, NHWC images, filters [kh, kw, in, out].
 */
#include <node_api.h>
#include <cblas.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(call)                                                                         \
  do {                                                                                      \
    if ((call) != napi_ok) {                                                                \
      napi_throw_error(env, "AE_NATIVE_ARGUMENT", "ae_native: bad argument (" #call ")"); \
      return NULL;                                                                          \
    }                                                                                       \
  } while (0)

/*
 * Largest im2col buffer, in floats (512 KiB): work goes in chunks of whole images small
 * enough that the columns written by im2col are still in the core's cache when sgemm reads
 * them (16 MiB chunks made the Keras-style conv AE's training step 85 ms, 512 KiB 76 ms).
 */
#define COL_LIMIT (1u << 17)

/*
 * The element-wise loops are compiled twice, for AVX2 + FMA machines (x86-64-v3) and for
 * any x64, and the loader picks one per machine. Floating-point semantics stay IEEE: no
 * reassociation and no contraction into FMAs (ISO C mode), so both give the same bits.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SIMD_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SIMD_CLONES
#endif

typedef struct {
  float *data;
  size_t length;
} fview;

static int get_f32(napi_env env, napi_value v, fview *out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return 0;
  if (t == napi_null || t == napi_undefined) {
    out->data = NULL;
    out->length = 0;
    return 1;
  }
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  napi_typedarray_type type;
  size_t length;
  void *data;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, NULL, NULL) != napi_ok) return 0;
  if (type != napi_float32_array && type != napi_int32_array) return 0;
  out->data = (float *)data;
  out->length = length;
  return 1;
}

static int get_i64(napi_env env, napi_value v, int64_t *out) {
  return napi_get_value_int64(env, v, out) == napi_ok;
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, "AE_NATIVE_ARGUMENT", message);
  return NULL;
}

/* Reads argv: `nf` views then `ni` integers. */
static int read_args(napi_env env, napi_callback_info info, size_t nf, fview *views, size_t ni,
                     int64_t *ints) {
  napi_value argv[40];
  size_t argc = 40;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return 0;
  if (argc < nf + ni) return 0;
  for (size_t i = 0; i < nf; i++)
    if (!get_f32(env, argv[i], &views[i])) return 0;
  for (size_t i = 0; i < ni; i++)
    if (!get_i64(env, argv[nf + i], &ints[i])) return 0;
  return 1;
}

/* ---- matrix products ------------------------------------------------------------------ */

/*
 * out[r, c] = x[r, c] + bias[c] for an [rows, cols] matrix; `out` may be `x` (the epilogue
 * adds in place), so only `bias` is restrict.
 */
SIMD_CLONES
static void add_rows_loop(const float *x, const float *restrict bias, float *out, int64_t rows,
                          int64_t cols) {
  for (int64_t r = 0; r < rows; r++) {
    const float *xr = x + r * cols;
    float *o = out + r * cols;
    for (int64_t c = 0; c < cols; c++) o[c] = xr[c] + bias[c];
  }
}

static void epilogue(float *c, int64_t rows, int64_t n, const float *bias, int64_t bias_len,
                     int64_t relu) {
  if (bias != NULL && bias_len == 1) {
    const float b = bias[0];
    for (int64_t i = 0; i < rows * n; i++) c[i] += b;
  } else if (bias != NULL) {
    add_rows_loop(c, bias, c, rows, n);
  }
  if (relu) {
    const int64_t total = rows * n;
    for (int64_t i = 0; i < total; i++) c[i] = c[i] > 0.0f ? c[i] : (c[i] != c[i] ? c[i] : 0.0f);
  }
}

/*
 * matmul(a, b, out, bias|null, batch, m, n, k, transA, transB, strideA, strideB, relu)
 * out[i] = op(a[i]) · op(b[i]) (+ bias) (relu), i < batch; strideA / strideB are the
 * element offsets between consecutive matrices (0 broadcasts one matrix).
 */
static napi_value matmul(napi_env env, napi_callback_info info) {
  fview v[4];
  int64_t p[9];
  if (!read_args(env, info, 4, v, 9, p)) return fail(env, "matmul: bad arguments");
  const int64_t batch = p[0], m = p[1], n = p[2], k = p[3], ta = p[4], tb = p[5];
  const int64_t sa = p[6], sb = p[7], relu = p[8];
  if ((size_t)(batch * m * n) > v[2].length) return fail(env, "matmul: output too small");
  if ((size_t)((batch - 1) * sa + m * k) > v[0].length) return fail(env, "matmul: a too small");
  if ((size_t)((batch - 1) * sb + k * n) > v[1].length) return fail(env, "matmul: b too small");
  for (int64_t i = 0; i < batch; i++) {
    float *c = v[2].data + i * m * n;
    if (k == 0) {
      memset(c, 0, sizeof(float) * (size_t)(m * n));
    } else {
      cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                  (blasint)m, (blasint)n, (blasint)k, 1.0f, v[0].data + i * sa,
                  (blasint)(ta ? m : k), v[1].data + i * sb, (blasint)(tb ? k : n), 0.0f, c,
                  (blasint)n);
    }
  }
  epilogue(v[2].data, batch * m, n, v[3].data, (int64_t)v[3].length, relu);
  return NULL;
}

/* ---- convolutions (im2col + sgemm) ----------------------------------------------------- */

typedef struct {
  int64_t batch, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, dil_h,
      dil_w, pad_top, pad_left;
} conv_dims;

static int read_conv(const int64_t *p, conv_dims *d) {
  d->batch = p[0];
  d->in_h = p[1];
  d->in_w = p[2];
  d->in_c = p[3];
  d->out_h = p[4];
  d->out_w = p[5];
  d->out_c = p[6];
  d->k_h = p[7];
  d->k_w = p[8];
  d->stride_h = p[9];
  d->stride_w = p[10];
  d->dil_h = p[11];
  d->dil_w = p[12];
  d->pad_top = p[13];
  d->pad_left = p[14];
  for (int i = 0; i < 13; i++)
    if (p[i] <= 0) return 0;
  return 1;
}

/* True when the im2col matrix of one image is the image itself (no copy needed). */
static int col_is_input(const conv_dims *d) {
  const int unit = d->dil_h == 1 && d->dil_w == 1 && d->pad_top == 0 && d->pad_left == 0;
  const int pointwise = d->k_h == 1 && d->k_w == 1 && d->stride_h == 1 && d->stride_w == 1 &&
                        d->out_h == d->in_h && d->out_w == d->in_w;
  const int whole = d->out_h == 1 && d->out_w == 1 && d->k_h == d->in_h && d->k_w == d->in_w;
  return unit && (pointwise || whole);
}

/*
 * The im2col buffer, kept from call to call (one per thread; COL_LIMIT floats, or one
 * image's columns when they need more): every chunk of every call reuses the same memory,
 * which stays in cache, instead of a malloc and free per call.
 */
static _Thread_local float *col_buffer;
static _Thread_local size_t col_capacity;

static float *col_scratch(size_t floats) {
  if (floats > col_capacity) {
    free(col_buffer);
    col_buffer = (float *)malloc(sizeof(float) * floats);
    col_capacity = col_buffer == NULL ? 0 : floats;
  }
  return col_buffer;
}

/* Images per chunk so that the columns of a chunk fit in COL_LIMIT floats. */
static int64_t chunk_images(const conv_dims *d) {
  const int64_t per = d->out_h * d->out_w * d->k_h * d->k_w * d->in_c;
  int64_t c = (int64_t)COL_LIMIT / (per > 0 ? per : 1);
  if (c < 1) c = 1;
  if (c > d->batch) c = d->batch;
  return c;
}

/* col[(b, oh, ow), (i, j, ci)] for images [b0, b0 + nb). */
static void im2col(const conv_dims *d, const float *x, int64_t b0, int64_t nb, float *col) {
  const int64_t kc = d->k_w * d->in_c;
  const int64_t row_len = d->k_h * kc;
  float *dst = col;
  for (int64_t b = b0; b < b0 + nb; b++) {
    const float *img = x + b * d->in_h * d->in_w * d->in_c;
    for (int64_t oh = 0; oh < d->out_h; oh++) {
      for (int64_t ow = 0; ow < d->out_w; ow++, dst += row_len) {
        const int64_t h0 = oh * d->stride_h - d->pad_top;
        const int64_t w0 = ow * d->stride_w - d->pad_left;
        for (int64_t i = 0; i < d->k_h; i++) {
          const int64_t h = h0 + i * d->dil_h;
          float *seg = dst + i * kc;
          if (h < 0 || h >= d->in_h) {
            memset(seg, 0, sizeof(float) * (size_t)kc);
            continue;
          }
          if (d->dil_w == 1 && w0 >= 0 && w0 + d->k_w <= d->in_w) {
            memcpy(seg, img + (h * d->in_w + w0) * d->in_c, sizeof(float) * (size_t)kc);
            continue;
          }
          for (int64_t j = 0; j < d->k_w; j++) {
            const int64_t w = w0 + j * d->dil_w;
            float *s = seg + j * d->in_c;
            if (w < 0 || w >= d->in_w)
              memset(s, 0, sizeof(float) * (size_t)d->in_c);
            else
              memcpy(s, img + (h * d->in_w + w) * d->in_c, sizeof(float) * (size_t)d->in_c);
          }
        }
      }
    }
  }
}

/* dx[images b0 … b0 + nb) += scatter of col (the adjoint of im2col); dx must be zeroed. */
static void col2im(const conv_dims *d, const float *col, int64_t b0, int64_t nb, float *dx) {
  const int64_t kc = d->k_w * d->in_c;
  const int64_t row_len = d->k_h * kc;
  const float *src = col;
  for (int64_t b = b0; b < b0 + nb; b++) {
    float *img = dx + b * d->in_h * d->in_w * d->in_c;
    for (int64_t oh = 0; oh < d->out_h; oh++) {
      for (int64_t ow = 0; ow < d->out_w; ow++, src += row_len) {
        const int64_t h0 = oh * d->stride_h - d->pad_top;
        const int64_t w0 = ow * d->stride_w - d->pad_left;
        for (int64_t i = 0; i < d->k_h; i++) {
          const int64_t h = h0 + i * d->dil_h;
          if (h < 0 || h >= d->in_h) continue;
          const float *seg = src + i * kc;
          for (int64_t j = 0; j < d->k_w; j++) {
            const int64_t w = w0 + j * d->dil_w;
            if (w < 0 || w >= d->in_w) continue;
            float *t = img + (h * d->in_w + w) * d->in_c;
            const float *s = seg + j * d->in_c;
            for (int64_t c = 0; c < d->in_c; c++) t[c] += s[c];
          }
        }
      }
    }
  }
}

/* conv2d(x, w, out, bias|null, 15 dims, relu): out = conv(x, w) (+ bias) (relu). */
/* ---- direct convolutions for few channels --------------------------------------------- */

/*
 * When the output has at most DIRECT_MAX_CHANNELS channels (a grey reconstruction), im2col
 * turns the convolution and its filter gradient into a memory-bound GEMV over columns 9×
 * the size of the input. These loops instead walk the pixels once and run SIMD over the
 * input channels; no scratch memory beyond a filter's size. (With few input channels and
 * many outputs, e.g. the first layer on a grey image, im2col + sgemm measured faster; the
 * input gradient of a few-output convolution is such a convolution, so it stays im2col.)
 */
#define DIRECT_MAX_CHANNELS 4

/* The direct loops are written with explicit 8-wide vectors; the compiler's own loop
 * vectorizer would vectorize the short channel loops around them instead (gathers). */
#if defined(__GNUC__) && !defined(__clang__)
#define EXPLICIT_SIMD __attribute__((optimize("no-tree-loop-vectorize")))
#else
#define EXPLICIT_SIMD
#endif

static int direct_conv(const conv_dims *d) {
  return d->out_c <= DIRECT_MAX_CHANNELS;
}

/* Eight floats as one SIMD value (GCC/clang vector extension; two SSE halves without AVX). */
typedef float v8 __attribute__((vector_size(32)));

/* The vector helpers are always inlined, so each SIMD clone gets its own instructions. */
#define INLINE inline __attribute__((always_inline))

static INLINE v8 ld8(const float *p) {
  v8 r;
  memcpy(&r, p, sizeof r);
  return r;
}

static INLINE void st8(float *p, v8 v) { memcpy(p, &v, sizeof v); }

typedef int32_t v8i __attribute__((vector_size(32)));

/* a in all eight lanes (a shuffle of lane 0: one broadcast instruction with AVX2). */
static INLINE v8 bc8(float a) {
  const v8 t = {a};
  return __builtin_shuffle(t, (v8i){0, 0, 0, 0, 0, 0, 0, 0});
}

/* y[k] += a·x[k] for k < n. */
static INLINE void axpy_f(float *restrict y, float a, const float *restrict x, int64_t n) {
  int64_t k = 0;
  const v8 av = bc8(a);
  for (; k + 8 <= n; k += 8) st8(y + k, ld8(y + k) + av * ld8(x + k));
  for (; k < n; k++) y[k] += a * x[k];
}

/* Adds Σ a[k]·b[k] (k < n) into eight lanes and a scalar tail. */
static INLINE void dot_acc(v8 *lane, float *tail, const float *restrict a,
                           const float *restrict b, int64_t n) {
  int64_t k = 0;
  for (; k + 8 <= n; k += 8) *lane += ld8(a + k) * ld8(b + k);
  for (; k < n; k++) *tail += a[k] * b[k];
}

static INLINE float lanes_sum(v8 l, float tail) {
  return (((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))) + tail;
}

/* The filter [kh, kw, ci, co] as [kh, kw, co, ci] (malloc'ed; NULL when out of memory). */
static float *filter_transposed(const conv_dims *d, const float *w) {
  const int64_t kk = d->k_h * d->k_w, ci = d->in_c, co = d->out_c;
  float *t = (float *)malloc(sizeof(float) * (size_t)(kk * ci * co));
  if (t == NULL) return NULL;
  for (int64_t k = 0; k < kk; k++)
    for (int64_t i = 0; i < ci; i++)
      for (int64_t o = 0; o < co; o++) t[(k * co + o) * ci + i] = w[(k * ci + i) * co + o];
  return t;
}

/*
 * The filter taps of output pixel (b, oi, oj) that fall inside the image: for each, the
 * offset of its input pixel in x (in floats) and its index kh·kw_count + kw. Returns the
 * number of taps (at most k_h·k_w).
 */
static inline int64_t conv_taps(const conv_dims *d, int64_t b, int64_t oi, int64_t oj,
                                int64_t *offset, int64_t *tap) {
  int64_t n = 0;
  for (int64_t kh = 0; kh < d->k_h; kh++) {
    const int64_t r = oi * d->stride_h - d->pad_top + kh * d->dil_h;
    if (r < 0 || r >= d->in_h) continue;
    for (int64_t kw = 0; kw < d->k_w; kw++) {
      const int64_t c = oj * d->stride_w - d->pad_left + kw * d->dil_w;
      if (c < 0 || c >= d->in_w) continue;
      offset[n] = ((b * d->in_h + r) * d->in_w + c) * d->in_c;
      tap[n] = kh * d->k_w + kw;
      n++;
    }
  }
  return n;
}

/*
 * y = conv(x, w) without bias; `wt` is filter_transposed(w), `offset` and `tap` scratch of
 * k_h·k_w entries.
 */
SIMD_CLONES EXPLICIT_SIMD
static void conv_direct(const conv_dims *d, const float *restrict x, const float *restrict w,
                        const float *restrict wt, float *restrict y, int64_t *offset,
                        int64_t *tap) {
  const int64_t ci = d->in_c, co = d->out_c;
  for (int64_t b = 0; b < d->batch; b++)
    for (int64_t oi = 0; oi < d->out_h; oi++)
      for (int64_t oj = 0; oj < d->out_w; oj++) {
        float *yo = y + ((b * d->out_h + oi) * d->out_w + oj) * co;
        const int64_t nt = conv_taps(d, b, oi, oj, offset, tap);
        if (co >= ci) {
          for (int64_t o = 0; o < co; o++) yo[o] = 0.0f;
          for (int64_t t = 0; t < nt; t++) {
            const float *xp = x + offset[t];
            const float *wp = w + tap[t] * ci * co;
            for (int64_t i = 0; i < ci; i++) axpy_f(yo, xp[i], wp + i * co, co);
          }
        } else {
          for (int64_t o = 0; o < co; o++) {
            v8 lane = bc8(0.0f);
            float tail = 0.0f;
            for (int64_t t = 0; t < nt; t++)
              dot_acc(&lane, &tail, x + offset[t], wt + (tap[t] * co + o) * ci, ci);
            yo[o] = lanes_sum(lane, tail);
          }
        }
      }
}

/*
 * dw = the gradient of conv_direct in w. `block` and `total` hold kh·kw·ci·co floats: each
 * image's sum goes to `block`, then into `total` (two levels keep float32 rounding small).
 * The layout is [kh, kw, ci, co] when co ≥ ci, else [kh, kw, co, ci] (transposed after).
 */
SIMD_CLONES EXPLICIT_SIMD
static void conv_direct_backprop_filter(const conv_dims *d, const float *restrict x,
                                        const float *restrict dy, float *restrict block,
                                        float *restrict total, int64_t *offset, int64_t *tap) {
  const int64_t ci = d->in_c, co = d->out_c, n = d->k_h * d->k_w * ci * co;
  for (int64_t k = 0; k < n; k++) total[k] = 0.0f;
  for (int64_t b = 0; b < d->batch; b++) {
    for (int64_t k = 0; k < n; k++) block[k] = 0.0f;
    for (int64_t oi = 0; oi < d->out_h; oi++)
      for (int64_t oj = 0; oj < d->out_w; oj++) {
        const float *g = dy + ((b * d->out_h + oi) * d->out_w + oj) * co;
        const int64_t nt = conv_taps(d, b, oi, oj, offset, tap);
        for (int64_t t = 0; t < nt; t++) {
          const float *xp = x + offset[t];
          if (co >= ci) {
            for (int64_t i = 0; i < ci; i++) axpy_f(block + (tap[t] * ci + i) * co, xp[i], g, co);
          } else {
            for (int64_t o = 0; o < co; o++) axpy_f(block + (tap[t] * co + o) * ci, g[o], xp, ci);
          }
        }
      }
    for (int64_t k = 0; k < n; k++) total[k] += block[k];
  }
}

static napi_value conv2d(napi_env env, napi_callback_info info) {
  fview v[4];
  int64_t p[16];
  conv_dims d;
  if (!read_args(env, info, 4, v, 16, p) || !read_conv(p, &d)) return fail(env, "conv2d: bad arguments");
  const int64_t kdim = d.k_h * d.k_w * d.in_c;
  const int64_t rows_per_image = d.out_h * d.out_w;
  if ((size_t)(d.batch * rows_per_image * d.out_c) > v[2].length ||
      (size_t)(d.batch * d.in_h * d.in_w * d.in_c) > v[0].length ||
      (size_t)(kdim * d.out_c) > v[1].length)
    return fail(env, "conv2d: a view is smaller than its shape");
  if (direct_conv(&d)) {
    float *wt = filter_transposed(&d, v[1].data);
    int64_t *taps = (int64_t *)malloc(sizeof(int64_t) * (size_t)(2 * d.k_h * d.k_w));
    if (wt == NULL || taps == NULL) {
      free(wt);
      free(taps);
      return fail(env, "conv2d: out of memory");
    }
    conv_direct(&d, v[0].data, v[1].data, wt, v[2].data, taps, taps + d.k_h * d.k_w);
    free(wt);
    free(taps);
    epilogue(v[2].data, d.batch * rows_per_image, d.out_c, v[3].data, (int64_t)v[3].length, p[15]);
    return NULL;
  }
  const int direct = col_is_input(&d);
  const int64_t chunk = chunk_images(&d);
  float *col = direct ? NULL : col_scratch((size_t)(chunk * rows_per_image * kdim));
  if (!direct && col == NULL) return fail(env, "conv2d: out of memory for the im2col buffer");
  for (int64_t b0 = 0; b0 < d.batch; b0 += chunk) {
    const int64_t nb = b0 + chunk <= d.batch ? chunk : d.batch - b0;
    const float *a = direct ? v[0].data + b0 * d.in_h * d.in_w * d.in_c : col;
    if (!direct) im2col(&d, v[0].data, b0, nb, col);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (blasint)(nb * rows_per_image),
                (blasint)d.out_c, (blasint)kdim, 1.0f, a, (blasint)kdim, v[1].data,
                (blasint)d.out_c, 0.0f, v[2].data + b0 * rows_per_image * d.out_c,
                (blasint)d.out_c);
  }
  epilogue(v[2].data, d.batch * rows_per_image, d.out_c, v[3].data, (int64_t)v[3].length, p[15]);
  return NULL;
}

/* conv2d_backprop_input(dy, w, dx, 15 dims): dx = col2im(dy · wᵀ). */
static napi_value conv2d_backprop_input(napi_env env, napi_callback_info info) {
  fview v[3];
  int64_t p[15];
  conv_dims d;
  if (!read_args(env, info, 3, v, 15, p) || !read_conv(p, &d))
    return fail(env, "conv2d_backprop_input: bad arguments");
  const int64_t kdim = d.k_h * d.k_w * d.in_c;
  const int64_t rows_per_image = d.out_h * d.out_w;
  const int64_t image = d.in_h * d.in_w * d.in_c;
  if ((size_t)(d.batch * rows_per_image * d.out_c) > v[0].length ||
      (size_t)(kdim * d.out_c) > v[1].length || (size_t)(d.batch * image) > v[2].length)
    return fail(env, "conv2d_backprop_input: a view is smaller than its shape");
  const int direct = col_is_input(&d);
  const int64_t chunk = chunk_images(&d);
  float *col = direct ? NULL : col_scratch((size_t)(chunk * rows_per_image * kdim));
  if (!direct && col == NULL) return fail(env, "conv2d_backprop_input: out of memory");
  if (!direct) memset(v[2].data, 0, sizeof(float) * (size_t)(d.batch * image));
  for (int64_t b0 = 0; b0 < d.batch; b0 += chunk) {
    const int64_t nb = b0 + chunk <= d.batch ? chunk : d.batch - b0;
    float *target = direct ? v[2].data + b0 * image : col;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)(nb * rows_per_image),
                (blasint)kdim, (blasint)d.out_c, 1.0f, v[0].data + b0 * rows_per_image * d.out_c,
                (blasint)d.out_c, v[1].data, (blasint)d.out_c, 0.0f, target, (blasint)kdim);
    if (!direct) col2im(&d, col, b0, nb, v[2].data);
  }
  return NULL;
}

/* conv2d_backprop_filter(x, dy, dw, 15 dims): dw = Σ_chunks im2col(x)ᵀ · dy. */
static napi_value conv2d_backprop_filter(napi_env env, napi_callback_info info) {
  fview v[3];
  int64_t p[15];
  conv_dims d;
  if (!read_args(env, info, 3, v, 15, p) || !read_conv(p, &d))
    return fail(env, "conv2d_backprop_filter: bad arguments");
  const int64_t kdim = d.k_h * d.k_w * d.in_c;
  const int64_t rows_per_image = d.out_h * d.out_w;
  if ((size_t)(d.batch * d.in_h * d.in_w * d.in_c) > v[0].length ||
      (size_t)(d.batch * rows_per_image * d.out_c) > v[1].length ||
      (size_t)(kdim * d.out_c) > v[2].length)
    return fail(env, "conv2d_backprop_filter: a view is smaller than its shape");
  if (direct_conv(&d)) {
    const int64_t n = kdim * d.out_c;
    float *block = (float *)malloc(sizeof(float) * (size_t)n);
    float *total = (float *)malloc(sizeof(float) * (size_t)n);
    int64_t *taps = (int64_t *)malloc(sizeof(int64_t) * (size_t)(2 * d.k_h * d.k_w));
    if (block == NULL || total == NULL || taps == NULL) {
      free(block);
      free(total);
      free(taps);
      return fail(env, "conv2d_backprop_filter: out of memory");
    }
    conv_direct_backprop_filter(&d, v[0].data, v[1].data, block, total, taps, taps + d.k_h * d.k_w);
    free(taps);
    if (d.out_c >= d.in_c) {
      memcpy(v[2].data, total, sizeof(float) * (size_t)n);
    } else {
      const int64_t kk = d.k_h * d.k_w, ci = d.in_c, co = d.out_c;
      for (int64_t k = 0; k < kk; k++)
        for (int64_t o = 0; o < co; o++)
          for (int64_t i = 0; i < ci; i++) v[2].data[(k * ci + i) * co + o] = total[(k * co + o) * ci + i];
    }
    free(block);
    free(total);
    return NULL;
  }
  const int direct = col_is_input(&d);
  const int64_t chunk = chunk_images(&d);
  float *col = direct ? NULL : col_scratch((size_t)(chunk * rows_per_image * kdim));
  if (!direct && col == NULL) return fail(env, "conv2d_backprop_filter: out of memory");
  for (int64_t b0 = 0; b0 < d.batch; b0 += chunk) {
    const int64_t nb = b0 + chunk <= d.batch ? chunk : d.batch - b0;
    const float *a = direct ? v[0].data + b0 * d.in_h * d.in_w * d.in_c : col;
    if (!direct) im2col(&d, v[0].data, b0, nb, col);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (blasint)kdim, (blasint)d.out_c,
                (blasint)(nb * rows_per_image), 1.0f, a, (blasint)kdim,
                v[1].data + b0 * rows_per_image * d.out_c, (blasint)d.out_c, b0 == 0 ? 0.0f : 1.0f,
                v[2].data, (blasint)d.out_c);
  }
  return NULL;
}

/* ---- reductions, pooling, resizing ---------------------------------------------------- */

/*
 * sum_rows(x, out, outer, rows, cols): out[o, j] = Σ_r x[o, r, j] — a sum over a run of
 * middle or leading axes (bias gradients, block sums of an upsampling gradient). Partial
 * sums over blocks of 64 rows keep float32 rounding small.
 */
SIMD_CLONES
static void sum_rows_loop(const float *restrict x, float *restrict out, float *restrict part,
                          int64_t outer, int64_t rows, int64_t cols) {
  for (int64_t o = 0; o < outer; o++) {
    const float *block = x + o * rows * cols;
    float *acc = out + o * cols;
    for (int64_t j = 0; j < cols; j++) acc[j] = 0.0f;
    for (int64_t r0 = 0; r0 < rows; r0 += 64) {
      const int64_t r1 = r0 + 64 < rows ? r0 + 64 : rows;
      for (int64_t j = 0; j < cols; j++) part[j] = 0.0f;
      for (int64_t r = r0; r < r1; r++) {
        const float *row = block + r * cols;
        for (int64_t j = 0; j < cols; j++) part[j] += row[j];
      }
      for (int64_t j = 0; j < cols; j++) acc[j] += part[j];
    }
  }
}

static napi_value sum_rows(napi_env env, napi_callback_info info) {
  fview v[2];
  int64_t p[3];
  if (!read_args(env, info, 2, v, 3, p)) return fail(env, "sum_rows: bad arguments");
  const int64_t outer = p[0], rows = p[1], cols = p[2];
  if (outer < 0 || rows < 0 || cols < 0 || (size_t)(outer * rows * cols) > v[0].length ||
      (size_t)(outer * cols) > v[1].length)
    return fail(env, "sum_rows: a view is smaller than its shape");
  float *part = (float *)malloc(sizeof(float) * (size_t)(cols > 0 ? cols : 1));
  if (part == NULL) return fail(env, "sum_rows: out of memory");
  sum_rows_loop(v[0].data, v[1].data, part, outer, rows, cols);
  free(part);
  return NULL;
}

/*
 * sum_inner(x, out, outer, inner): out[o] = Σ_i x[o, i] (a sum over trailing axes, e.g. a
 * loss per example). Eight interleaved partial sums per block of 1024 elements, added in a
 * fixed order: the result does not depend on the machine.
 */
SIMD_CLONES
static void sum_inner_loop(const float *x, float *out, int64_t outer, int64_t inner) {
  for (int64_t o = 0; o < outer; o++) {
    const float *row = x + o * inner;
    float total = 0.0f;
    for (int64_t b0 = 0; b0 < inner; b0 += 1024) {
      const int64_t b1 = b0 + 1024 < inner ? b0 + 1024 : inner;
      float lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      int64_t i = b0;
      for (; i + 8 <= b1; i += 8)
        for (int k = 0; k < 8; k++) lane[k] += row[i + k];
      float block = ((lane[0] + lane[1]) + (lane[2] + lane[3])) +
                    ((lane[4] + lane[5]) + (lane[6] + lane[7]));
      for (; i < b1; i++) block += row[i];
      total += block;
    }
    out[o] = total;
  }
}

static napi_value sum_inner(napi_env env, napi_callback_info info) {
  fview v[2];
  int64_t p[2];
  if (!read_args(env, info, 2, v, 2, p)) return fail(env, "sum_inner: bad arguments");
  const int64_t outer = p[0], inner = p[1];
  if (outer < 0 || inner < 0 || (size_t)(outer * inner) > v[0].length ||
      (size_t)outer > v[1].length)
    return fail(env, "sum_inner: a view is smaller than its shape");
  sum_inner_loop(v[0].data, v[1].data, outer, inner);
  return NULL;
}

/*
 * The max-pool gradient when the windows tile the input exactly (stride = window, no
 * padding, e.g. 2×2 pooling of an even size): every input element lies in one window, so
 * dx is written once, without clearing or scatter. Same rule as the general loop: dy goes
 * to the first element equal to the window's maximum, and nowhere when every element is
 * NaN or −∞ (the general loop takes an element only when it exceeds the best so far,
 * which starts at −∞).
 */
SIMD_CLONES
static napi_value max_pool_grad_tiled(napi_env env, const float *dy, const float *x, float *dx,
                                      int64_t batch, int64_t out_h, int64_t out_w, int64_t ch,
                                      int64_t f_h, int64_t f_w) {
  const int64_t in_w = out_w * f_w;
  float *best = (float *)malloc(sizeof(float) * (size_t)ch);
  int32_t *taken = (int32_t *)malloc(sizeof(int32_t) * (size_t)ch);
  if (best == NULL || taken == NULL) {
    free(best);
    free(taken);
    return fail(env, "max_pool_grad: out of memory");
  }
  int64_t k = 0;
  for (int64_t b = 0; b < batch; b++)
    for (int64_t i = 0; i < out_h; i++)
      for (int64_t j = 0; j < out_w; j++, k += ch) {
        const int64_t corner = ((b * out_h + i) * f_h * in_w + j * f_w) * ch;
        for (int64_t c = 0; c < ch; c++) {
          best[c] = -INFINITY;
          taken[c] = 0;
        }
        for (int64_t h = 0; h < f_h; h++)
          for (int64_t w = 0; w < f_w; w++) {
            const float *xs = x + corner + (h * in_w + w) * ch;
            for (int64_t c = 0; c < ch; c++) best[c] = xs[c] > best[c] ? xs[c] : best[c];
          }
        const float *g = dy + k;
        for (int64_t h = 0; h < f_h; h++)
          for (int64_t w = 0; w < f_w; w++) {
            const int64_t at = corner + (h * in_w + w) * ch;
            const float *xs = x + at;
            float *out = dx + at;
            for (int64_t c = 0; c < ch; c++) {
              const int32_t hit = (xs[c] == best[c]) & (best[c] > -INFINITY) & (taken[c] == 0);
              out[c] = hit ? g[c] : 0.0f;
              taken[c] |= hit;
            }
          }
      }
  free(best);
  free(taken);
  return NULL;
}

/*
 * max_pool_grad(dy, x, dx, batch, inH, inW, c, outH, outW, fH, fW, sH, sW, padTop, padLeft):
 * each dy goes to the first maximum of its window (TensorFlow's rule); overlaps add up.
 */
SIMD_CLONES
static napi_value max_pool_grad(napi_env env, napi_callback_info info) {
  fview v[3];
  int64_t p[12];
  if (!read_args(env, info, 3, v, 12, p)) return fail(env, "max_pool_grad: bad arguments");
  const int64_t batch = p[0], in_h = p[1], in_w = p[2], ch = p[3], out_h = p[4], out_w = p[5];
  const int64_t f_h = p[6], f_w = p[7], s_h = p[8], s_w = p[9], top = p[10], left = p[11];
  if ((size_t)(batch * in_h * in_w * ch) > v[1].length || v[2].length < v[1].length ||
      (size_t)(batch * out_h * out_w * ch) > v[0].length)
    return fail(env, "max_pool_grad: a view is smaller than its shape");
  if (f_h == s_h && f_w == s_w && top == 0 && left == 0 && in_h == out_h * f_h &&
      in_w == out_w * f_w)
    return max_pool_grad_tiled(env, v[0].data, v[1].data, v[2].data, batch, out_h, out_w, ch,
                               f_h, f_w);
  memset(v[2].data, 0, sizeof(float) * (size_t)(batch * in_h * in_w * ch));
  float *best = (float *)malloc(sizeof(float) * (size_t)ch);
  int64_t *at = (int64_t *)malloc(sizeof(int64_t) * (size_t)ch);
  if (best == NULL || at == NULL) {
    free(best);
    free(at);
    return fail(env, "max_pool_grad: out of memory");
  }
  const float *dy = v[0].data;
  const float *x = v[1].data;
  float *dx = v[2].data;
  int64_t k = 0;
  for (int64_t b = 0; b < batch; b++) {
    const int64_t base_b = b * in_h * in_w * ch;
    for (int64_t i = 0; i < out_h; i++) {
      const int64_t h0 = i * s_h - top;
      const int64_t hs = h0 < 0 ? 0 : h0, he = h0 + f_h < in_h ? h0 + f_h : in_h;
      for (int64_t j = 0; j < out_w; j++) {
        const int64_t w0 = j * s_w - left;
        const int64_t ws = w0 < 0 ? 0 : w0, we = w0 + f_w < in_w ? w0 + f_w : in_w;
        for (int64_t c = 0; c < ch; c++) {
          best[c] = -INFINITY;
          at[c] = -1;
        }
        for (int64_t h = hs; h < he; h++)
          for (int64_t w = ws; w < we; w++) {
            const int64_t base = base_b + (h * in_w + w) * ch;
            for (int64_t c = 0; c < ch; c++) {
              /* Selects between computed values, no branch: the channel loop vectorizes. */
              const float xv = x[base + c], bv = best[c];
              const int64_t here = base + c, was = at[c];
              const int take = xv > bv;
              best[c] = take ? xv : bv;
              at[c] = take ? here : was;
            }
          }
        for (int64_t c = 0; c < ch; c++, k++)
          if (at[c] >= 0) dx[at[c]] += dy[k];
      }
    }
  }
  free(best);
  free(at);
  return NULL;
}

/*
 * True when every row source is in [0, in_h) and every column source in [0, in_w);
 * otherwise throws (naming `name`) and returns false.
 */
static int nearest_sources_ok(napi_env env, const char *name, const int32_t *rows,
                              const int32_t *cols, int64_t in_h, int64_t in_w, int64_t out_h,
                              int64_t out_w) {
  const char *fault = NULL;
  for (int64_t r = 0; r < out_h && fault == NULL; r++)
    if (rows[r] < 0 || rows[r] >= in_h) fault = "row";
  for (int64_t q = 0; q < out_w && fault == NULL; q++)
    if (cols[q] < 0 || cols[q] >= in_w) fault = "column";
  if (fault == NULL) return 1;
  char message[96];
  snprintf(message, sizeof message, "%s: %s source out of range", name, fault);
  fail(env, message);
  return 0;
}

/*
 * resize_nearest_grad(dy, dx, rowSources, colSources, batch, inH, inW, c, outH, outW):
 * dx[b, rows[r], cols[q], :] += dy[b, r, q, :] (sources as Int32Array).
 */
static napi_value resize_nearest_grad(napi_env env, napi_callback_info info) {
  fview v[4];
  int64_t p[6];
  if (!read_args(env, info, 4, v, 6, p)) return fail(env, "resize_nearest_grad: bad arguments");
  const int64_t batch = p[0], in_h = p[1], in_w = p[2], ch = p[3], out_h = p[4], out_w = p[5];
  if ((size_t)(batch * out_h * out_w * ch) > v[0].length ||
      (size_t)(batch * in_h * in_w * ch) > v[1].length || (size_t)out_h > v[2].length ||
      (size_t)out_w > v[3].length)
    return fail(env, "resize_nearest_grad: a view is smaller than its shape");
  const int32_t *rows = (const int32_t *)v[2].data;
  const int32_t *cols = (const int32_t *)v[3].data;
  if (!nearest_sources_ok(env, "resize_nearest_grad", rows, cols, in_h, in_w, out_h, out_w))
    return NULL;
  float *dx = v[1].data;
  const float *dy = v[0].data;
  memset(dx, 0, sizeof(float) * (size_t)(batch * in_h * in_w * ch));
  int64_t k = 0;
  for (int64_t b = 0; b < batch; b++)
    for (int64_t r = 0; r < out_h; r++) {
      float *row = dx + (b * in_h + rows[r]) * in_w * ch;
      for (int64_t q = 0; q < out_w; q++, k += ch) {
        float *t = row + cols[q] * ch;
        const float *s = dy + k;
        for (int64_t c = 0; c < ch; c++) t[c] += s[c];
      }
    }
  return NULL;
}

/*
 * resize_nearest(x, out, rowSources, colSources, batch, inH, inW, c, outH, outW):
 * out[b, r, q, :] = x[b, rows[r], cols[q], :] (sources as Int32Array).
 */
static napi_value resize_nearest(napi_env env, napi_callback_info info) {
  fview v[4];
  int64_t p[6];
  if (!read_args(env, info, 4, v, 6, p)) return fail(env, "resize_nearest: bad arguments");
  const int64_t batch = p[0], in_h = p[1], in_w = p[2], ch = p[3], out_h = p[4], out_w = p[5];
  if ((size_t)(batch * in_h * in_w * ch) > v[0].length ||
      (size_t)(batch * out_h * out_w * ch) > v[1].length || (size_t)out_h > v[2].length ||
      (size_t)out_w > v[3].length)
    return fail(env, "resize_nearest: a view is smaller than its shape");
  const int32_t *rows = (const int32_t *)v[2].data;
  const int32_t *cols = (const int32_t *)v[3].data;
  if (!nearest_sources_ok(env, "resize_nearest", rows, cols, in_h, in_w, out_h, out_w)) return NULL;
  const float *x = v[0].data;
  float *out = v[1].data;
  const size_t bytes = sizeof(float) * (size_t)ch;
  for (int64_t b = 0; b < batch; b++)
    for (int64_t r = 0; r < out_h; r++) {
      float *row = out + (b * out_h + r) * out_w * ch;
      /* A row equal to the one before (upsampling repeats rows): one copy of it. */
      if (r > 0 && rows[r] == rows[r - 1]) {
        memcpy(row, row - out_w * ch, bytes * (size_t)out_w);
        continue;
      }
      const float *src = x + (b * in_h + rows[r]) * in_w * ch;
      for (int64_t q = 0; q < out_w; q++) memcpy(row + q * ch, src + cols[q] * ch, bytes);
    }
  return NULL;
}

/*
 * relu_grad(dy, x, dx): dx = dy · step(x) as tfjs computes it (step(x) = 1 for x > 0, 0
 * otherwise, NaN for NaN): dy where x > 0, NaN where x is NaN, dy · 0 elsewhere (which
 * keeps −0 and turns an infinite dy into NaN, like the product).
 */
SIMD_CLONES
static void relu_grad_loop(const float *restrict dy, const float *restrict x, float *restrict dx,
                           size_t n) {
  for (size_t i = 0; i < n; i++) {
    const float xv = x[i], g = dy[i];
    dx[i] = xv > 0.0f ? g : (xv != xv ? xv : g * 0.0f);
  }
}

static napi_value relu_grad(napi_env env, napi_callback_info info) {
  fview v[3];
  if (!read_args(env, info, 3, v, 0, NULL)) return fail(env, "relu_grad: bad arguments");
  if (v[1].length != v[0].length || v[2].length != v[0].length)
    return fail(env, "relu_grad: dy, x and dx must have one length");
  relu_grad_loop(v[0].data, v[1].data, v[2].data, v[0].length);
  return NULL;
}

/* add_rows(x, bias, out, rows, cols): out[r, c] = x[r, c] + bias[c]. */
static napi_value add_rows(napi_env env, napi_callback_info info) {
  fview v[3];
  int64_t p[2];
  if (!read_args(env, info, 3, v, 2, p)) return fail(env, "add_rows: bad arguments");
  const int64_t rows = p[0], cols = p[1];
  if (rows < 0 || cols < 0 || (size_t)(rows * cols) > v[0].length || (size_t)cols > v[1].length ||
      (size_t)(rows * cols) > v[2].length)
    return fail(env, "add_rows: a view is smaller than its shape");
  add_rows_loop(v[0].data, v[1].data, v[2].data, rows, cols);
  return NULL;
}

/*
 * Subnormal floats (below 1.2e-38) flushed to zero, for the Adam update only. A weight
 * whose gradient is zero for a while (a pixel that is rarely on) has its first moment
 * multiplied by β1 = 0.9 every step; after some 800 steps it is subnormal, and x86 cores
 * compute on subnormals through a slow microcode path: the Adam updates of the MLP VAE went
 * from 1.2 to 6 ms per step between steps 600 and 1600. Flushing changes only moments below
 * 1.2e-38 (to 0), whose part of an update is below 1e-34 and leaves the weights as they were.
 * Sets FTZ and DAZ in MXCSR for the call and restores the caller's flags after it.
 */
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
static unsigned int flush_subnormals_begin(void) {
  const unsigned int old = _mm_getcsr();
  _mm_setcsr(old | 0x8040u); /* FTZ (bit 15) | DAZ (bit 6) */
  return old;
}
static void flush_subnormals_end(unsigned int old) { _mm_setcsr(old); }
#else
static unsigned int flush_subnormals_begin(void) { return 0; }
static void flush_subnormals_end(unsigned int old) { (void)old; }
#endif

SIMD_CLONES
static void adam_loop(const float *restrict x, const float *restrict m,
                      const float *restrict vv, const float *restrict g, float *restrict x_out,
                      float *restrict m_out, float *restrict v_out, size_t n, float b1,
                      float ob1, float b2, float ob2, float c1, float c2, float eps,
                      float neg_lr) {
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = m[i] * b1 + gi * ob1;
    const float g2 = gi * gi;
    const float vi = vv[i] * b2 + g2 * ob2;
    m_out[i] = mi;
    v_out[i] = vi;
    const float mh = mi / c1;
    const float vh = vi / c2;
    const float den = sqrtf(vh) + eps;
    const float step = (mh / den) * neg_lr;
    x_out[i] = step + x[i];
  }
}

/*
 * adam(var, m, v, grad, varOut, mOut, vOut, scalars): one Adam step, the float32 operations
 * of tfjs's AdamOptimizer in its order (so the result is the same to the bit):
 *   m' = m·β1 + g·(1 − β1),  v' = v·β2 + g²·(1 − β2),
 *   var' = (m'/c1) / (√(v'/c2) + ε) · (−lr) + var,   c1 = 1 − β1ᵗ, c2 = 1 − β2ᵗ,
 * written to the three outputs (the inputs are left untouched; the outputs are fresh
 * tensors, so no view overlaps another, which `restrict` tells the vectorizer). `scalars`
 * is a Float32Array [β1, 1 − β1, β2, 1 − β2, c1, c2, ε, −lr].
 */
static napi_value adam(napi_env env, napi_callback_info info) {
  fview v[8];
  if (!read_args(env, info, 8, v, 0, NULL)) return fail(env, "adam: bad arguments");
  const size_t n = v[0].length;
  for (int i = 0; i < 7; i++)
    if (v[i].data == NULL || v[i].length != n) return fail(env, "adam: views differ in length");
  if (v[7].data == NULL || v[7].length < 8) return fail(env, "adam: expected 8 scalars");
  const float *s = v[7].data;
  const float b1 = s[0], ob1 = s[1], b2 = s[2], ob2 = s[3], c1 = s[4], c2 = s[5], eps = s[6],
              neg_lr = s[7];
  const unsigned int csr = flush_subnormals_begin();
  adam_loop(v[0].data, v[1].data, v[2].data, v[3].data, v[4].data, v[5].data, v[6].data, n,
            b1, ob1, b2, ob2, c1, c2, eps, neg_lr);
  flush_subnormals_end(csr);
  return NULL;
}


/*
 * Vectorizable float32 exp and log1p for the cross-entropy below: branch-free, so the loop
 * compiles to SIMD (the libm calls it replaces cost ~20 ns per element).
 *
 * exp_nonpos(x) = eˣ for x ≤ 0: x is clamped to −87 (e⁻⁸⁷ ≈ 1.6e−38 is still a normal
 * float, so the result stays within 1.6e−38 of eˣ below that); n = round(x·log₂e),
 * r = x − n·ln2 in two parts (Cody–Waite: n·0.693359375 is exact), |r| ≤ 0.35, and
 * eʳ by its Taylor polynomial to r⁷ (truncation < 1e−8 relative); then 2ⁿ·eʳ by exponent bits.
 */
static inline float exp_nonpos(float x) {
  x = x < -87.0f ? -87.0f : x; /* a select between two values: no branch */
  /* Adding and subtracting 1.5·2²³ rounds to the nearest integer (|x·log₂e| < 2²²). */
  const float n = (x * 1.44269504f + 12582912.0f) - 12582912.0f;
  const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const int32_t bits = ((int32_t)n + 127) * (1 << 23);
  float scale;
  memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

/*
 * log1p_unit(e) = log(1 + e) for e ∈ [0, 1], as 2·atanh(s) with s = e / (2 + e) ∈ [0, 1/3]:
 * the odd series s + s³/3 + … + s¹⁵/15 (truncation < (1/9)⁸ relative). No cancellation, so
 * tiny e keep their relative accuracy (log1p(e) ≈ e).
 */
static inline float log1p_unit(float e) {
  const float s = e / (2.0f + e);
  const float s2 = s * s;
  float p = 1.0f / 15.0f;
  p = p * s2 + 1.0f / 13.0f;
  p = p * s2 + 1.0f / 11.0f;
  p = p * s2 + 1.0f / 9.0f;
  p = p * s2 + 1.0f / 7.0f;
  p = p * s2 + 1.0f / 5.0f;
  p = p * s2 + 1.0f / 3.0f;
  return 2.0f * (s + s * (s2 * p));
}

/*
 * bce_logits(t, z, out, grad): binary cross-entropy of logits per element, the stable form
 * z·(1 − t) + log1p(e) for z ≥ 0 and −z·t + log1p(e) for z < 0, e = exp(−|z|); and, when
 * `grad` is not null, its derivative in z, σ(z) − t, with σ(z) = 1/(1 + e) for z ≥ 0 and
 * e/(1 + e) for z < 0 (the same e, so the backward pass needs no second exp).
 */

/* Every arm of a select is computed first: with -ftrapping-math (the default) the compiler
 * turns only selects between computed values into SIMD blends. */
static inline float bce_one(float zi, float ti, float *e_out) {
  const int pos = zi >= 0.0f;
  const float above = zi * (1.0f - ti), below = -(zi * ti), neg_z = -zi;
  const float e = exp_nonpos(pos ? neg_z : zi);
  *e_out = e;
  return (pos ? above : below) + log1p_unit(e);
}

SIMD_CLONES
static void bce_logits_loop(const float *t, const float *z, float *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    float e;
    out[i] = bce_one(z[i], t[i], &e);
  }
}

SIMD_CLONES
static void bce_logits_grad_loop(const float *t, const float *z, float *out, float *grad,
                                 size_t n) {
  for (size_t i = 0; i < n; i++) {
    const float zi = z[i], ti = t[i];
    float e;
    out[i] = bce_one(zi, ti, &e);
    const float inv = 1.0f / (1.0f + e), e_inv = e * inv;
    grad[i] = (zi >= 0.0f ? inv : e_inv) - ti;
  }
}

static napi_value bce_logits(napi_env env, napi_callback_info info) {
  fview v[4];
  if (!read_args(env, info, 4, v, 0, NULL)) return fail(env, "bce_logits: bad arguments");
  const size_t n = v[2].length;
  if (v[0].length != n || v[1].length != n || v[0].data == NULL || v[1].data == NULL ||
      (v[3].data != NULL && v[3].length != n))
    return fail(env, "bce_logits: views differ in length");
  if (v[3].data == NULL)
    bce_logits_loop(v[0].data, v[1].data, v[2].data, n);
  else
    bce_logits_grad_loop(v[0].data, v[1].data, v[2].data, v[3].data, n);
  return NULL;
}

/* ---- threads and module ---------------------------------------------------------------- */

static napi_value set_threads(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  int64_t n;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || !get_i64(env, argv[0], &n) || n < 1 || n > 1024)
    return fail(env, "set_threads: expected an integer from 1 to 1024");
  openblas_set_num_threads((int)n);
  return NULL;
}

static napi_value get_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(napi_create_int32(env, openblas_get_num_threads(), &out));
  return out;
}

static napi_value blas_config(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  const char *config = openblas_get_config();
  const char *core = openblas_get_corename();
  char text[512];
  snprintf(text, sizeof text, "%s; core %s", config ? config : "?", core ? core : "?");
  CHECK(napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &out));
  return out;
}

#define EXPORT(name)                                                                   \
  do {                                                                                 \
    napi_value fn;                                                                     \
    CHECK(napi_create_function(env, #name, NAPI_AUTO_LENGTH, name, NULL, &fn));        \
    CHECK(napi_set_named_property(env, exports, #name, fn));                           \
  } while (0)

static napi_value init(napi_env env, napi_value exports) {
  EXPORT(matmul);
  EXPORT(conv2d);
  EXPORT(conv2d_backprop_input);
  EXPORT(conv2d_backprop_filter);
  EXPORT(sum_rows);
  EXPORT(sum_inner);
  EXPORT(max_pool_grad);
  EXPORT(resize_nearest_grad);
  EXPORT(resize_nearest);
  EXPORT(relu_grad);
  EXPORT(add_rows);
  EXPORT(adam);
  EXPORT(bce_logits);
  EXPORT(set_threads);
  EXPORT(get_threads);
  EXPORT(blas_config);
  napi_value version;
  CHECK(napi_create_int32(env, 5, &version));
  CHECK(napi_set_named_property(env, exports, "abiVersion", version));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
