;; The matrix products of lib/matrix.ts, and tanh, in WebAssembly with 128-bit SIMD: every v128 holds two
;; float64 (f64x2), so each instruction does two multiply-adds. lib/kernels/wasm.ts copies the operands into
;; this module's memory and calls these functions; lib/matrix.ts keeps the readable TypeScript reference.
;; At the end, the Elman, LSTM and GRU recurrences, whole sequences on top of these kernels (lib/cells' reference).
;;
;; Why it is written this way:
;; - Register tile. A product does one multiply-add per loaded number at best; what limits it is loads and
;;   stores, not arithmetic. So each call of $tile2 keeps a 2-row × 8-column block of out in eight v128
;;   registers for the whole sum over k: per k it loads 4 vectors of B's row and 2 entries of A (splatted
;;   to both lanes) and does 16 multiply-adds — 6 loads per 16, and out is touched once per tile, not per k.
;;   Eight accumulators, four B vectors and two splats fit the 16 SIMD registers of x86-64. A single row
;;   (the recurrent step of one stream, 1×h by h×h) has no second row to share B's loads with, so $tile1w
;;   takes 16 columns instead, halving the loop's overhead per multiply-add.
;; - Zero skip. Before a row tile runs, $list2 writes the indices k at which A's rows are not both zero
;;   (a branch-free compaction); the tiles then loop over that list only. A one-hot row of A has a single
;;   such k, so x·W costs one row of W — the trick that makes text input nearly free, paid once per row
;;   tile instead of once per (k, column block).
;; - gemm_nt (A·Bᵀ) sums along rows of both operands, so there the vectors run along k: a 2×4 tile of dot
;;   products in eight accumulators, each finishing with the sum of its two lanes.
;; - Plain mul then add, never a fused or "relaxed" multiply-add: the same bits on every engine and CPU.
;; Layout (done by wasm.ts): all matrices row-major float64, pointers in bytes, strides in entries.
;; gemm_nn computes columns in blocks of 8 (16 for one row), gemm_nt in blocks of 4 and k in pairs: out's
;; stride is padded to a multiple of 8, B may be read past its last column (those lanes land in out's
;; padding, never read back), and gemm_nt's k-padding is zero so it adds nothing.
(module
  (memory (export "memory") 1)

  ;; The k-list of a 2-row tile: writes at $list every k < p with A[i, k] ≠ 0 or A[i+1, k] ≠ 0, in
  ;; increasing order, and returns the end of the list. Branch-free: k is always written, and the end
  ;; moves past it only when one entry is non-zero (NaN counts as non-zero, as in the reference).
  (func $list2 (param $a0 i32) (param $a1 i32) (param $sK8 i32) (param $p i32) (param $list i32) (result i32)
    (local $k i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $p)))
        (i32.store (local.get $list) (local.get $k))
        (local.set $list
          (i32.add (local.get $list)
            (i32.shl
              (i32.or
                (f64.ne (f64.load (local.get $a0)) (f64.const 0))
                (f64.ne (f64.load (local.get $a1)) (f64.const 0)))
              (i32.const 2))))
        (local.set $a0 (i32.add (local.get $a0) (local.get $sK8)))
        (local.set $a1 (i32.add (local.get $a1) (local.get $sK8)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (local.get $list))

  ;; The same for a single row: every k < p with A[i, k] ≠ 0.
  (func $list1 (param $a0 i32) (param $sK8 i32) (param $p i32) (param $list i32) (result i32)
    (local $k i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $p)))
        (i32.store (local.get $list) (local.get $k))
        (local.set $list
          (i32.add (local.get $list)
            (i32.shl (f64.ne (f64.load (local.get $a0)) (f64.const 0)) (i32.const 2))))
        (local.set $a0 (i32.add (local.get $a0) (local.get $sK8)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (local.get $list))

  ;; A 2×8 tile:  out[i+r, j..j+7] (+)= Σ_{k in list} A[i+r, k] · B[k, j..j+7]   for r = 0, 1
  ;; $a0, $a1: A[i, 0], A[i+1, 0];  $b: B[0, j];  $o0, $o1: out[i, j], out[i+1, j];  $list … $end: the k-list.
  ;; Accumulator c_rc holds out[i+r, j+2c … j+2c+1]; x_r is A[i+r, k] in both lanes; y_c is B[k, j+2c …].
  (func $tile2 (param $a0 i32) (param $a1 i32) (param $sK8 i32) (param $b i32) (param $sB8 i32)
               (param $o0 i32) (param $o1 i32) (param $list i32) (param $end i32) (param $acc i32)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    (local $x0 v128) (local $x1 v128) (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    (local $k i32) (local $bk i32)
    ;; start from out (accumulate) or from zero (v128 locals start at zero)
    (if (local.get $acc)
      (then
        (local.set $c00 (v128.load offset=0 (local.get $o0)))
        (local.set $c01 (v128.load offset=16 (local.get $o0)))
        (local.set $c02 (v128.load offset=32 (local.get $o0)))
        (local.set $c03 (v128.load offset=48 (local.get $o0)))
        (local.set $c10 (v128.load offset=0 (local.get $o1)))
        (local.set $c11 (v128.load offset=16 (local.get $o1)))
        (local.set $c12 (v128.load offset=32 (local.get $o1)))
        (local.set $c13 (v128.load offset=48 (local.get $o1)))))
    (if (i32.lt_u (local.get $list) (local.get $end))
      (then
        (loop $next
          (local.set $k (i32.load (local.get $list)))
          (local.set $x0 (v128.load64_splat (i32.add (local.get $a0) (i32.mul (local.get $k) (local.get $sK8)))))
          (local.set $x1 (v128.load64_splat (i32.add (local.get $a1) (i32.mul (local.get $k) (local.get $sK8)))))
          (local.set $bk (i32.add (local.get $b) (i32.mul (local.get $k) (local.get $sB8))))
          (local.set $y0 (v128.load offset=0 (local.get $bk)))
          (local.set $y1 (v128.load offset=16 (local.get $bk)))
          (local.set $y2 (v128.load offset=32 (local.get $bk)))
          (local.set $y3 (v128.load offset=48 (local.get $bk)))
          (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $y0))))
          (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $y1))))
          (local.set $c02 (f64x2.add (local.get $c02) (f64x2.mul (local.get $x0) (local.get $y2))))
          (local.set $c03 (f64x2.add (local.get $c03) (f64x2.mul (local.get $x0) (local.get $y3))))
          (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $y0))))
          (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $y1))))
          (local.set $c12 (f64x2.add (local.get $c12) (f64x2.mul (local.get $x1) (local.get $y2))))
          (local.set $c13 (f64x2.add (local.get $c13) (f64x2.mul (local.get $x1) (local.get $y3))))
          (local.set $list (i32.add (local.get $list) (i32.const 4)))
          (br_if $next (i32.lt_u (local.get $list) (local.get $end))))))
    (v128.store offset=0 (local.get $o0) (local.get $c00))
    (v128.store offset=16 (local.get $o0) (local.get $c01))
    (v128.store offset=32 (local.get $o0) (local.get $c02))
    (v128.store offset=48 (local.get $o0) (local.get $c03))
    (v128.store offset=0 (local.get $o1) (local.get $c10))
    (v128.store offset=16 (local.get $o1) (local.get $c11))
    (v128.store offset=32 (local.get $o1) (local.get $c12))
    (v128.store offset=48 (local.get $o1) (local.get $c13)))

  ;; A 1×8 tile, for the last row when m is odd (and for m = 1, the recurrent step of one stream):
  ;;   out[i, j..j+7] (+)= Σ_{k in list} A[i, k] · B[k, j..j+7]
  (func $tile1 (param $a0 i32) (param $sK8 i32) (param $b i32) (param $sB8 i32)
               (param $o0 i32) (param $list i32) (param $end i32) (param $acc i32)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (local $x0 v128) (local $k i32) (local $bk i32)
    (if (local.get $acc)
      (then
        (local.set $c00 (v128.load offset=0 (local.get $o0)))
        (local.set $c01 (v128.load offset=16 (local.get $o0)))
        (local.set $c02 (v128.load offset=32 (local.get $o0)))
        (local.set $c03 (v128.load offset=48 (local.get $o0)))))
    (if (i32.lt_u (local.get $list) (local.get $end))
      (then
        (loop $next
          (local.set $k (i32.load (local.get $list)))
          (local.set $x0 (v128.load64_splat (i32.add (local.get $a0) (i32.mul (local.get $k) (local.get $sK8)))))
          (local.set $bk (i32.add (local.get $b) (i32.mul (local.get $k) (local.get $sB8))))
          (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (v128.load offset=0 (local.get $bk)))))
          (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (v128.load offset=16 (local.get $bk)))))
          (local.set $c02 (f64x2.add (local.get $c02) (f64x2.mul (local.get $x0) (v128.load offset=32 (local.get $bk)))))
          (local.set $c03 (f64x2.add (local.get $c03) (f64x2.mul (local.get $x0) (v128.load offset=48 (local.get $bk)))))
          (local.set $list (i32.add (local.get $list) (i32.const 4)))
          (br_if $next (i32.lt_u (local.get $list) (local.get $end))))))
    (v128.store offset=0 (local.get $o0) (local.get $c00))
    (v128.store offset=16 (local.get $o0) (local.get $c01))
    (v128.store offset=32 (local.get $o0) (local.get $c02))
    (v128.store offset=48 (local.get $o0) (local.get $c03)))

  ;; A 1×16 tile, the single-row case's main loop: twice $tile1's columns per k, so each index read from the
  ;; list and each splat of A[i, k] serves 8 vector multiply-adds instead of 4.
  ;;   out[i, j..j+15] (+)= Σ_{k in list} A[i, k] · B[k, j..j+15]
  (func $tile1w (param $a0 i32) (param $sK8 i32) (param $b i32) (param $sB8 i32)
                (param $o0 i32) (param $list i32) (param $end i32) (param $acc i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local $x0 v128) (local $k i32) (local $bk i32)
    (if (local.get $acc)
      (then
        (local.set $c0 (v128.load offset=0 (local.get $o0)))
        (local.set $c1 (v128.load offset=16 (local.get $o0)))
        (local.set $c2 (v128.load offset=32 (local.get $o0)))
        (local.set $c3 (v128.load offset=48 (local.get $o0)))
        (local.set $c4 (v128.load offset=64 (local.get $o0)))
        (local.set $c5 (v128.load offset=80 (local.get $o0)))
        (local.set $c6 (v128.load offset=96 (local.get $o0)))
        (local.set $c7 (v128.load offset=112 (local.get $o0)))))
    (if (i32.lt_u (local.get $list) (local.get $end))
      (then
        (loop $next
          (local.set $k (i32.load (local.get $list)))
          (local.set $x0 (v128.load64_splat (i32.add (local.get $a0) (i32.mul (local.get $k) (local.get $sK8)))))
          (local.set $bk (i32.add (local.get $b) (i32.mul (local.get $k) (local.get $sB8))))
          (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $x0) (v128.load offset=0 (local.get $bk)))))
          (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $x0) (v128.load offset=16 (local.get $bk)))))
          (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $x0) (v128.load offset=32 (local.get $bk)))))
          (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $x0) (v128.load offset=48 (local.get $bk)))))
          (local.set $c4 (f64x2.add (local.get $c4) (f64x2.mul (local.get $x0) (v128.load offset=64 (local.get $bk)))))
          (local.set $c5 (f64x2.add (local.get $c5) (f64x2.mul (local.get $x0) (v128.load offset=80 (local.get $bk)))))
          (local.set $c6 (f64x2.add (local.get $c6) (f64x2.mul (local.get $x0) (v128.load offset=96 (local.get $bk)))))
          (local.set $c7 (f64x2.add (local.get $c7) (f64x2.mul (local.get $x0) (v128.load offset=112 (local.get $bk)))))
          (local.set $list (i32.add (local.get $list) (i32.const 4)))
          (br_if $next (i32.lt_u (local.get $list) (local.get $end))))))
    (v128.store offset=0 (local.get $o0) (local.get $c0))
    (v128.store offset=16 (local.get $o0) (local.get $c1))
    (v128.store offset=32 (local.get $o0) (local.get $c2))
    (v128.store offset=48 (local.get $o0) (local.get $c3))
    (v128.store offset=64 (local.get $o0) (local.get $c4))
    (v128.store offset=80 (local.get $o0) (local.get $c5))
    (v128.store offset=96 (local.get $o0) (local.get $c6))
    (v128.store offset=112 (local.get $o0) (local.get $c7)))

  ;; out (+)= A·B with A read through strides, so one function serves matMul and matMulTransA:
  ;;   out[i, j] = Σ_k A[i, k] B[k, j],   A[i, k] at a + 8(i·sI + k·sK)
  ;; matMul passes (sI, sK) = (A's stride, 1); matMulTransA passes (1, A's stride), reading Aᵀ in place.
  ;; Row tiles of 2 (then 1 for an odd m), column blocks of 8 up to q8 (q rounded up to 8); $list is
  ;; scratch for p indices.
  (func $gemm_nn (export "gemm_nn")
    (param $a i32) (param $sI i32) (param $sK i32) (param $b i32) (param $sB i32) (param $o i32) (param $sO i32)
    (param $m i32) (param $p i32) (param $q8 i32) (param $acc i32) (param $list i32)
    (local $i i32) (local $j i32) (local $a0 i32) (local $o0 i32) (local $end i32)
    (local $sI8 i32) (local $sK8 i32) (local $sB8 i32) (local $sO8 i32) (local $row8 i32)
    (local.set $sI8 (i32.shl (local.get $sI) (i32.const 3)))
    (local.set $sK8 (i32.shl (local.get $sK) (i32.const 3)))
    (local.set $sB8 (i32.shl (local.get $sB) (i32.const 3)))
    (local.set $sO8 (i32.shl (local.get $sO) (i32.const 3)))
    (local.set $row8 (i32.shl (local.get $q8) (i32.const 3)))
    ;; rows i, i+1 together while both exist
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $m)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sI8))))
        (local.set $o0 (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $sO8))))
        (local.set $end
          (call $list2 (local.get $a0) (i32.add (local.get $a0) (local.get $sI8)) (local.get $sK8) (local.get $p) (local.get $list)))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $row8)))
            (call $tile2
              (local.get $a0) (i32.add (local.get $a0) (local.get $sI8)) (local.get $sK8)
              (i32.add (local.get $b) (local.get $j)) (local.get $sB8)
              (i32.add (local.get $o0) (local.get $j)) (i32.add (i32.add (local.get $o0) (local.get $sO8)) (local.get $j))
              (local.get $list) (local.get $end) (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 64)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    ;; the last row when m is odd
    (if (i32.lt_u (local.get $i) (local.get $m))
      (then
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sI8))))
        (local.set $o0 (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $sO8))))
        (local.set $end (call $list1 (local.get $a0) (local.get $sK8) (local.get $p) (local.get $list)))
        (local.set $j (i32.const 0))
        ;; 16 columns at a time, then a last block of 8
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.gt_u (i32.add (local.get $j) (i32.const 128)) (local.get $row8)))
            (call $tile1w
              (local.get $a0) (local.get $sK8) (i32.add (local.get $b) (local.get $j)) (local.get $sB8)
              (i32.add (local.get $o0) (local.get $j)) (local.get $list) (local.get $end) (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 128)))
            (br $cols)))
        (if (i32.lt_u (local.get $j) (local.get $row8))
          (then
            (call $tile1
              (local.get $a0) (local.get $sK8) (i32.add (local.get $b) (local.get $j)) (local.get $sB8)
              (i32.add (local.get $o0) (local.get $j)) (local.get $list) (local.get $end) (local.get $acc)))))))

  ;; out[i, j] ← s, or out[i, j] + s with accumulate (one dot product of gemm_nt landing).
  (func $put (param $o i32) (param $s f64) (param $acc i32)
    (f64.store (local.get $o)
      (if (result f64) (local.get $acc)
        (then (f64.add (f64.load (local.get $o)) (local.get $s)))
        (else (local.get $s)))))

  ;; The sum of a v128's two lanes.
  (func $lanes (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))

  ;; A 2×4 tile of dot products:  out[i+r, j+c] (+)= Σ_k A[i+r, k] · B[j+c, k]   for r < 2, c < 4
  ;; Accumulator c_rc holds the even-k and odd-k partial sums of one dot product; p8 = 8p (p even).
  (func $dots2 (param $a0 i32) (param $a1 i32) (param $b0 i32) (param $sB8 i32) (param $p8 i32)
               (param $o0 i32) (param $o1 i32) (param $acc i32)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    (local $x0 v128) (local $x1 v128) (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $k8 i32)
    (local.set $b1 (i32.add (local.get $b0) (local.get $sB8)))
    (local.set $b2 (i32.add (local.get $b1) (local.get $sB8)))
    (local.set $b3 (i32.add (local.get $b2) (local.get $sB8)))
    (if (i32.gt_u (local.get $p8) (i32.const 0))
      (then
        (loop $next
          (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $k8))))
          (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $k8))))
          (local.set $y0 (v128.load (i32.add (local.get $b0) (local.get $k8))))
          (local.set $y1 (v128.load (i32.add (local.get $b1) (local.get $k8))))
          (local.set $y2 (v128.load (i32.add (local.get $b2) (local.get $k8))))
          (local.set $y3 (v128.load (i32.add (local.get $b3) (local.get $k8))))
          (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $y0))))
          (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $y1))))
          (local.set $c02 (f64x2.add (local.get $c02) (f64x2.mul (local.get $x0) (local.get $y2))))
          (local.set $c03 (f64x2.add (local.get $c03) (f64x2.mul (local.get $x0) (local.get $y3))))
          (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $y0))))
          (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $y1))))
          (local.set $c12 (f64x2.add (local.get $c12) (f64x2.mul (local.get $x1) (local.get $y2))))
          (local.set $c13 (f64x2.add (local.get $c13) (f64x2.mul (local.get $x1) (local.get $y3))))
          (local.set $k8 (i32.add (local.get $k8) (i32.const 16)))
          (br_if $next (i32.lt_u (local.get $k8) (local.get $p8))))))
    (call $put (local.get $o0) (call $lanes (local.get $c00)) (local.get $acc))
    (call $put (i32.add (local.get $o0) (i32.const 8)) (call $lanes (local.get $c01)) (local.get $acc))
    (call $put (i32.add (local.get $o0) (i32.const 16)) (call $lanes (local.get $c02)) (local.get $acc))
    (call $put (i32.add (local.get $o0) (i32.const 24)) (call $lanes (local.get $c03)) (local.get $acc))
    (call $put (local.get $o1) (call $lanes (local.get $c10)) (local.get $acc))
    (call $put (i32.add (local.get $o1) (i32.const 8)) (call $lanes (local.get $c11)) (local.get $acc))
    (call $put (i32.add (local.get $o1) (i32.const 16)) (call $lanes (local.get $c12)) (local.get $acc))
    (call $put (i32.add (local.get $o1) (i32.const 24)) (call $lanes (local.get $c13)) (local.get $acc)))

  ;; A 1×4 tile of dot products, for the last row when m is odd:  out[i, j+c] (+)= Σ_k A[i, k] · B[j+c, k]
  (func $dots1 (param $a0 i32) (param $b0 i32) (param $sB8 i32) (param $p8 i32) (param $o0 i32) (param $acc i32)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (local $x0 v128) (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $k8 i32)
    (local.set $b1 (i32.add (local.get $b0) (local.get $sB8)))
    (local.set $b2 (i32.add (local.get $b1) (local.get $sB8)))
    (local.set $b3 (i32.add (local.get $b2) (local.get $sB8)))
    (if (i32.gt_u (local.get $p8) (i32.const 0))
      (then
        (loop $next
          (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $k8))))
          (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (v128.load (i32.add (local.get $b0) (local.get $k8))))))
          (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (v128.load (i32.add (local.get $b1) (local.get $k8))))))
          (local.set $c02 (f64x2.add (local.get $c02) (f64x2.mul (local.get $x0) (v128.load (i32.add (local.get $b2) (local.get $k8))))))
          (local.set $c03 (f64x2.add (local.get $c03) (f64x2.mul (local.get $x0) (v128.load (i32.add (local.get $b3) (local.get $k8))))))
          (local.set $k8 (i32.add (local.get $k8) (i32.const 16)))
          (br_if $next (i32.lt_u (local.get $k8) (local.get $p8))))))
    (call $put (local.get $o0) (call $lanes (local.get $c00)) (local.get $acc))
    (call $put (i32.add (local.get $o0) (i32.const 8)) (call $lanes (local.get $c01)) (local.get $acc))
    (call $put (i32.add (local.get $o0) (i32.const 16)) (call $lanes (local.get $c02)) (local.get $acc))
    (call $put (i32.add (local.get $o0) (i32.const 24)) (call $lanes (local.get $c03)) (local.get $acc)))

  ;; out (+)= A·Bᵀ, for matMulTransB:  out[i, j] = Σ_k A[i, k] B[j, k]   (a dot product of two rows)
  ;; A: m×p with stride sA, B: q×p with stride sB, both zero-padded to an even p; out's stride sO.
  ;; Row tiles of 2 (then 1 for an odd m), B's rows in blocks of 4 up to q4 (q rounded up to 4).
  (func $gemm_nt (export "gemm_nt")
    (param $a i32) (param $sA i32) (param $b i32) (param $sB i32) (param $o i32) (param $sO i32)
    (param $m i32) (param $p i32) (param $q4 i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $a0 i32) (local $o0 i32)
    (local $sA8 i32) (local $sB8 i32) (local $sO8 i32) (local $p8 i32)
    (local.set $sA8 (i32.shl (local.get $sA) (i32.const 3)))
    (local.set $sB8 (i32.shl (local.get $sB) (i32.const 3)))
    (local.set $sO8 (i32.shl (local.get $sO) (i32.const 3)))
    (local.set $p8 (i32.shl (local.get $p) (i32.const 3)))
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $m)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sA8))))
        (local.set $o0 (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $sO8))))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $q4)))
            (call $dots2
              (local.get $a0) (i32.add (local.get $a0) (local.get $sA8))
              (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $sB8))) (local.get $sB8) (local.get $p8)
              (i32.add (local.get $o0) (i32.shl (local.get $j) (i32.const 3)))
              (i32.add (i32.add (local.get $o0) (local.get $sO8)) (i32.shl (local.get $j) (i32.const 3)))
              (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    (if (i32.lt_u (local.get $i) (local.get $m))
      (then
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sA8))))
        (local.set $o0 (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $sO8))))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $q4)))
            (call $dots1
              (local.get $a0) (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $sB8))) (local.get $sB8) (local.get $p8)
              (i32.add (local.get $o0) (i32.shl (local.get $j) (i32.const 3))) (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols))))))

  ;; tanh in place over n float64 at $x (n even: wasm.ts pads), two lanes at a time:
  ;;   tanh(x) = sign(x) · e / (e + 2),   e = expm1(2|x|) = 2^k (1 + expm1(r)) − 1,   2|x| = k ln2 + r, |r| ≤ ln2/2
  ;; expm1 keeps its relative accuracy near 0, so tiny x keep theirs; ln2 is split in a 32-bit head (k·LN2_HI
  ;; is exact) and a tail; expm1(r) is its Taylor series to r^13/13! (the next term is below 2^-56 of it);
  ;; 2^k is built from k's bits. 2|x| is capped at 44, where tanh rounds to ±1 already; NaN stays NaN.
  (func $tanh (export "tanh") (param $x i32) (param $n i32)
    (local $end i32) (local $v v128) (local $y v128) (local $k v128) (local $r v128) (local $p v128)
    (local $s v128) (local $e v128) (local $r2 v128) (local $r4 v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $v (v128.load (local.get $x)))
        (local.set $y (f64x2.min (f64x2.mul (f64x2.abs (local.get $v)) (f64x2.splat (f64.const 2))) (f64x2.splat (f64.const 44))))
        (local.set $k (f64x2.nearest (f64x2.mul (local.get $y) (f64x2.splat (f64.const 1.4426950408889634)))))
        (local.set $r
          (f64x2.sub
            (f64x2.sub (local.get $y) (f64x2.mul (local.get $k) (f64x2.splat (f64.const 0x1.62e42feep-1))))
            (f64x2.mul (local.get $k) (f64x2.splat (f64.const 1.9082149292705877e-10)))))
        ;; p = expm1(r) = r + r² Q(r),  Q(r) = Σ_{i<12} r^i/(i+2)!, by Estrin's scheme (pairs, then r², r⁴):
        ;;   Q = (c0 + c1 r) + r² (c2 + c3 r) + r⁴ [(c4 + c5 r) + r² (c6 + c7 r) + r⁴ ((c8 + c9 r) + r² (c10 + c11 r))]
        ;; a dependency chain of 6 multiply-adds instead of Horner's 12, so consecutive lanes overlap more.
        (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
        (local.set $r4 (f64x2.mul (local.get $r2) (local.get $r2)))
        (local.set $p
          (f64x2.add
            (f64x2.add (f64x2.add (f64x2.splat (f64.const 0.001388888888888889)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 0.0001984126984126984)))) (f64x2.mul (local.get $r2) (f64x2.add (f64x2.splat (f64.const 2.48015873015873e-05)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 2.7557319223985893e-06))))))
            (f64x2.mul (local.get $r4)
              (f64x2.add (f64x2.add (f64x2.splat (f64.const 2.755731922398589e-07)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 2.505210838544172e-08)))) (f64x2.mul (local.get $r2) (f64x2.add (f64x2.splat (f64.const 2.08767569878681e-09)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 1.6059043836821613e-10)))))))))
        (local.set $p
          (f64x2.add
            (f64x2.add (f64x2.add (f64x2.splat (f64.const 0.5)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 0.16666666666666666)))) (f64x2.mul (local.get $r2) (f64x2.add (f64x2.splat (f64.const 0.041666666666666664)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 0.008333333333333333))))))
            (f64x2.mul (local.get $r4) (local.get $p))))
        (local.set $p (f64x2.add (local.get $r) (f64x2.mul (local.get $r2) (local.get $p))))
        ;; s = 2^k: the exponent field k + 1023 shifted into place
        (local.set $s
          (i64x2.shl
            (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k))) (i64x2.splat (i64.const 1023)))
            (i32.const 52)))
        ;; e = 2^k p + (2^k − 1) = expm1(2|x|);  tanh|x| = e / (e + 2), then x's sign bit
        (local.set $e (f64x2.add (f64x2.mul (local.get $s) (local.get $p)) (f64x2.sub (local.get $s) (f64x2.splat (f64.const 1)))))
        (v128.store (local.get $x)
          (v128.or
            (f64x2.div (local.get $e) (f64x2.add (local.get $e) (f64x2.splat (f64.const 2))))
            (v128.and (local.get $v) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $next))))

  ;; ---- The LSTM's whole recurrence (lib/cells/lstm.ts, fused) ------------------------------------------
  ;; The same arithmetic as the TypeScript cell's steps with these kernels under them, operation for operation,
  ;; so the results are the same to the bit: z_t = a_t + h_{t−1} W_h through $gemm_nn, then + b_h; σ(x) as
  ;; 0.5 + 0.5 tanh(x/2) through $tanh (lib/activations.ts's applyBlocks); mul and add, never fused. What it
  ;; saves is everything between the kernels: no copy in or out and no call from JavaScript per step.
  ;; Layout, row-major and stacked by step (step t's block is n rows): z (T·n)×4h in blocks [i | f | g | o]
  ;; with $gemm_nn's row stride $sZ (4h rounded up to 8), ∂L/∂z with stride 4h (what $gemm_nt reads); s and c
  ;; ((T+1)·n)×h from h_{−1} and c_{−1}, k (T·n)×h for tanh(c_t), dH, all with stride h; W_h h×4h, b_h 4h.
  ;; The pointwise loops are scalar: for an odd h a gate block does not start on a vector's boundary.

  ;; z[j] ← (z[j] + b[j]) · scale for j < count (scale 0.5 halves a σ block before its tanh, 1 leaves it).
  (func $bias (param $z i32) (param $b i32) (param $count i32) (param $scale f64)
    (local $end i32) (local $v f64)
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $v (f64.add (f64.load (local.get $z)) (f64.load (local.get $b))))
        (f64.store (local.get $z)
          (if (result f64) (f64.eq (local.get $scale) (f64.const 1))
            (then (local.get $v))
            (else (f64.mul (local.get $v) (local.get $scale)))))
        (local.set $z (i32.add (local.get $z) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (br $next))))

  ;; z[j] ← 0.5 + 0.5 z[j] for j < count: σ's blocks after their tanh.
  (func $unhalve (param $z i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (f64.store (local.get $z) (f64.add (f64.const 0.5) (f64.mul (f64.const 0.5) (f64.load (local.get $z)))))
        (local.set $z (i32.add (local.get $z) (i32.const 8)))
        (br $next))))

  ;; One forward step's pointwise part, after the product: z_t ← the gates, c_t = f ⊙ c_{t−1} + i ⊙ g, then
  ;; k_t = tanh(c_t) and h_t = o ⊙ k_t. $z, $cPrev, $c, $k, $hOut: step t's blocks; $sZ8: z's row stride in bytes.
  (func $lstm_gates (param $z i32) (param $sZ8 i32) (param $bh i32) (param $cPrev i32) (param $c i32) (param $k i32)
                    (param $hOut i32) (param $n i32) (param $h i32)
    (local $r i32) (local $j8 i32) (local $zr i32) (local $u i32) (local $h8 i32)
    (local.set $h8 (i32.shl (local.get $h) (i32.const 3)))
    ;; + b_h; i, f, o halved for σ(x) = 0.5 + 0.5 tanh(x/2)
    (local.set $zr (local.get $z))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $n)))
        (call $bias (local.get $zr) (local.get $bh) (i32.shl (local.get $h) (i32.const 1)) (f64.const 0.5))
        (call $bias (i32.add (local.get $zr) (i32.shl (local.get $h8) (i32.const 1)))
                    (i32.add (local.get $bh) (i32.shl (local.get $h8) (i32.const 1))) (local.get $h) (f64.const 1))
        (call $bias (i32.add (local.get $zr) (i32.mul (local.get $h8) (i32.const 3)))
                    (i32.add (local.get $bh) (i32.mul (local.get $h8) (i32.const 3))) (local.get $h) (f64.const 0.5))
        (local.set $zr (i32.add (local.get $zr) (local.get $sZ8)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
    ;; every row's padding too: $sZ is even, and tanh of the padding is never read
    (call $tanh (local.get $z) (i32.mul (local.get $n) (i32.shr_u (local.get $sZ8) (i32.const 3))))
    ;; σ's blocks finished; c_t = f ⊙ c_{t−1} + i ⊙ g
    (local.set $zr (local.get $z))
    (local.set $r (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $n)))
        (call $unhalve (local.get $zr) (i32.shl (local.get $h) (i32.const 1)))
        (call $unhalve (i32.add (local.get $zr) (i32.mul (local.get $h8) (i32.const 3))) (local.get $h))
        (local.set $j8 (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j8) (local.get $h8)))
            (f64.store (i32.add (local.get $c) (local.get $u))
              (f64.add
                (f64.mul (f64.load (i32.add (i32.add (local.get $zr) (local.get $h8)) (local.get $j8)))
                         (f64.load (i32.add (local.get $cPrev) (local.get $u))))
                (f64.mul (f64.load (i32.add (local.get $zr) (local.get $j8)))
                         (f64.load (i32.add (i32.add (local.get $zr) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8))))))
            (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
            (local.set $u (i32.add (local.get $u) (i32.const 8)))
            (br $cols)))
        (local.set $zr (i32.add (local.get $zr) (local.get $sZ8)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
    ;; k_t = tanh(c_t): an odd count takes one more entry, the next step's (written later) or the room after k
    (memory.copy (local.get $k) (local.get $c) (i32.mul (local.get $n) (local.get $h8)))
    (call $tanh (local.get $k) (i32.and (i32.add (i32.mul (local.get $n) (local.get $h)) (i32.const 1)) (i32.const -2)))
    ;; h_t = o ⊙ tanh(c_t)
    (local.set $zr (i32.add (local.get $z) (i32.mul (local.get $h8) (i32.const 3))))
    (local.set $u (i32.const 0))
    (local.set $r (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $j8 (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j8) (local.get $h8)))
            (f64.store (i32.add (local.get $hOut) (local.get $u))
              (f64.mul (f64.load (i32.add (local.get $zr) (local.get $j8))) (f64.load (i32.add (local.get $k) (local.get $u)))))
            (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
            (local.set $u (i32.add (local.get $u) (i32.const 8)))
            (br $cols)))
        (local.set $zr (i32.add (local.get $zr) (local.get $sZ8)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; The forward recurrence, t = 0 … T−1: z_t (+)= h_{t−1} W_h, then the step's pointwise part. $list is
  ;; $gemm_nn's scratch (h indices); k has one entry of room after it.
  (func (export "lstm_forward")
    (param $z i32) (param $sZ i32) (param $s i32) (param $c i32) (param $k i32) (param $w i32) (param $bh i32)
    (param $T i32) (param $n i32) (param $h i32) (param $list i32)
    (local $t i32) (local $hStep i32)
    (local.set $hStep (i32.shl (i32.mul (local.get $n) (local.get $h)) (i32.const 3)))
    (block $done
      (loop $steps
        (br_if $done (i32.ge_u (local.get $t) (local.get $T)))
        (call $gemm_nn (local.get $s) (local.get $h) (i32.const 1) (local.get $w) (i32.shl (local.get $h) (i32.const 2))
                       (local.get $z) (local.get $sZ) (local.get $n) (local.get $h) (local.get $sZ) (i32.const 1) (local.get $list))
        (call $lstm_gates (local.get $z) (i32.shl (local.get $sZ) (i32.const 3)) (local.get $bh) (local.get $c)
                          (i32.add (local.get $c) (local.get $hStep)) (local.get $k) (i32.add (local.get $s) (local.get $hStep))
                          (local.get $n) (local.get $h))
        (local.set $z (i32.add (local.get $z) (i32.shl (i32.mul (local.get $n) (local.get $sZ)) (i32.const 3))))
        (local.set $s (i32.add (local.get $s) (local.get $hStep)))
        (local.set $c (i32.add (local.get $c) (local.get $hStep)))
        (local.set $k (i32.add (local.get $k) (local.get $hStep)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $steps))))

  ;; One backward step's pointwise part (lstm.ts's backward loop): from ∂L/∂h_t ($dh) and ∂L/∂c_t ($dc, replaced
  ;; by ∂L/∂c_{t−1}), the gates $z (row stride $sZ8 bytes), c_{t−1} and tanh(c_t) ($k), writes ∂L/∂z_t to $dz.
  (func $lstm_dgates (param $z i32) (param $sZ8 i32) (param $cPrev i32) (param $k i32) (param $dh i32) (param $dc i32)
                     (param $dz i32) (param $n i32) (param $h i32)
    (local $r i32) (local $j8 i32) (local $u i32) (local $zr i32) (local $dr i32) (local $h8 i32)
    (local $i f64) (local $f f64) (local $g f64) (local $o f64) (local $t f64) (local $d f64) (local $dC f64)
    (local.set $h8 (i32.shl (local.get $h) (i32.const 3)))
    (local.set $zr (local.get $z))
    (local.set $dr (local.get $dz))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $j8 (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j8) (local.get $h8)))
            (local.set $i (f64.load (i32.add (local.get $zr) (local.get $j8))))
            (local.set $f (f64.load (i32.add (i32.add (local.get $zr) (local.get $h8)) (local.get $j8))))
            (local.set $g (f64.load (i32.add (i32.add (local.get $zr) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8))))
            (local.set $o (f64.load (i32.add (i32.add (local.get $zr) (i32.mul (local.get $h8) (i32.const 3))) (local.get $j8))))
            (local.set $t (f64.load (i32.add (local.get $k) (local.get $u))))
            (local.set $d (f64.load (i32.add (local.get $dh) (local.get $u))))
            ;; dC = dc + dh·o·(1 − tanh²c_t)
            (local.set $dC
              (f64.add (f64.load (i32.add (local.get $dc) (local.get $u)))
                (f64.mul (f64.mul (local.get $d) (local.get $o)) (f64.sub (f64.const 1) (f64.mul (local.get $t) (local.get $t))))))
            ;; ∂L/∂c_{t−1} = dC ⊙ f
            (f64.store (i32.add (local.get $dc) (local.get $u)) (f64.mul (local.get $dC) (local.get $f)))
            ;; dz_i = dC·g·i(1 − i),  dz_f = dC·c_{t−1}·f(1 − f),  dz_g = dC·i·(1 − g²),  dz_o = dh·tanh c_t·o(1 − o)
            (f64.store (i32.add (local.get $dr) (local.get $j8))
              (f64.mul (f64.mul (f64.mul (local.get $dC) (local.get $g)) (local.get $i)) (f64.sub (f64.const 1) (local.get $i))))
            (f64.store (i32.add (i32.add (local.get $dr) (local.get $h8)) (local.get $j8))
              (f64.mul (f64.mul (f64.mul (local.get $dC) (f64.load (i32.add (local.get $cPrev) (local.get $u)))) (local.get $f))
                       (f64.sub (f64.const 1) (local.get $f))))
            (f64.store (i32.add (i32.add (local.get $dr) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8))
              (f64.mul (f64.mul (local.get $dC) (local.get $i)) (f64.sub (f64.const 1) (f64.mul (local.get $g) (local.get $g)))))
            (f64.store (i32.add (i32.add (local.get $dr) (i32.mul (local.get $h8) (i32.const 3))) (local.get $j8))
              (f64.mul (f64.mul (f64.mul (local.get $d) (local.get $t)) (local.get $o)) (f64.sub (f64.const 1) (local.get $o))))
            (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
            (local.set $u (i32.add (local.get $u) (i32.const 8)))
            (br $cols)))
        (local.set $zr (i32.add (local.get $zr) (local.get $sZ8)))
        (local.set $dr (i32.add (local.get $dr) (i32.shl (local.get $h8) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; ∂L/∂h_t ← ∂L/∂h_t + what step t+1 sent back: $dh n×h (stride h), $up with row stride $sO.
  (func $add_rows (param $dh i32) (param $up i32) (param $sO i32) (param $n i32) (param $h i32)
    (local $r i32) (local $j8 i32) (local $h8 i32)
    (local.set $h8 (i32.shl (local.get $h) (i32.const 3)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $j8 (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j8) (local.get $h8)))
            (f64.store (i32.add (local.get $dh) (local.get $j8))
              (f64.add (f64.load (i32.add (local.get $dh) (local.get $j8))) (f64.load (i32.add (local.get $up) (local.get $j8)))))
            (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
            (br $cols)))
        (local.set $dh (i32.add (local.get $dh) (local.get $h8)))
        (local.set $up (i32.add (local.get $up) (i32.shl (local.get $sO) (i32.const 3))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; Backpropagation through the recurrence, t = T−1 … 0 (lib/engine/backward.ts's loop with lstm.ts's
  ;; backward step): ∂L/∂h_t = $dH's block t + what step t+1 sent back, then the pointwise part, then
  ;; ∂L/∂h_{t−1} = ∂L/∂z_t W_hᵀ through $gemm_nt. $d0 holds ∂L/∂h_{T−1} from outside on entry, $d1 is scratch
  ;; (both n rows of stride $sO, h rounded up to 4); returns which of the two holds ∂L/∂h_{−1} at the end (0 or 1).
  ;; $dc: ∂L/∂c_{T−1} in, ∂L/∂c_{−1} out.
  (func (export "lstm_backward")
    (param $z i32) (param $sZ i32) (param $c i32) (param $k i32) (param $dH i32) (param $dz i32) (param $dc i32)
    (param $d0 i32) (param $d1 i32) (param $sO i32) (param $w i32) (param $T i32) (param $n i32) (param $h i32) (result i32)
    (local $t i32) (local $G i32) (local $hStep i32) (local $next i32) (local $prev i32) (local $at i32)
    (local $dht i32) (local $dzt i32)
    (local.set $G (i32.shl (local.get $h) (i32.const 2)))
    (local.set $hStep (i32.shl (i32.mul (local.get $n) (local.get $h)) (i32.const 3)))
    (local.set $next (local.get $d0))
    (local.set $prev (local.get $d1))
    (local.set $t (local.get $T))
    (block $done
      (loop $steps
        (br_if $done (i32.eqz (local.get $t)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        ;; ∂L/∂h_t = dŷ_t W_oᵀ + ∂L/∂h_t from step t+1
        (local.set $dht (i32.add (local.get $dH) (i32.mul (local.get $t) (local.get $hStep))))
        (call $add_rows (local.get $dht) (local.get $next) (local.get $sO) (local.get $n) (local.get $h))
        (local.set $dzt (i32.add (local.get $dz) (i32.shl (i32.mul (i32.mul (local.get $t) (local.get $n)) (local.get $G)) (i32.const 3))))
        (call $lstm_dgates
          (i32.add (local.get $z) (i32.shl (i32.mul (i32.mul (local.get $t) (local.get $n)) (local.get $sZ)) (i32.const 3)))
          (i32.shl (local.get $sZ) (i32.const 3))
          (i32.add (local.get $c) (i32.mul (local.get $t) (local.get $hStep)))
          (i32.add (local.get $k) (i32.mul (local.get $t) (local.get $hStep)))
          (local.get $dht) (local.get $dc) (local.get $dzt) (local.get $n) (local.get $h))
        (call $gemm_nt (local.get $dzt) (local.get $G) (local.get $w) (local.get $G) (local.get $prev) (local.get $sO)
                       (local.get $n) (local.get $G) (local.get $sO) (i32.const 0))
        ;; step t's ∂L/∂h_{t−1} is step t−1's arrival
        (local.set $at (local.get $next))
        (local.set $next (local.get $prev))
        (local.set $prev (local.get $at))
        (br $steps)))
    (i32.ne (local.get $next) (local.get $d0)))

  ;; ---- The Elman network's whole recurrence with φ = tanh (lib/cells/elman.ts, fused) -----------------------
  ;; As the LSTM's above: the TypeScript steps' operations over the same kernels, in the same order. Any h:
  ;; z's rows have $gemm_nn's stride (h rounded up to 8), ∂L/∂z's $gemm_nt's (h rounded up to 2, the padding
  ;; zero, as that kernel needs), ∂L/∂h_{t−1} lands with stride h rounded up to 4; s and dH have stride h.

  ;; The forward recurrence: z_t (+)= h_{t−1} W_h (z holds x_t W_x on entry), h_t = tanh(z_t + b_h).
  ;; s: ((T+1)·n)×h from h_{−1}, with one entry of room after it; $w: W_h with row stride $sW; $list: h indices.
  (func (export "elman_forward")
    (param $z i32) (param $sZ i32) (param $s i32) (param $w i32) (param $sW i32) (param $bh i32)
    (param $T i32) (param $n i32) (param $h i32) (param $list i32)
    (local $t i32) (local $r i32) (local $j i32) (local $zr i32) (local $hr i32) (local $hStep i32)
    (local.set $hStep (i32.shl (i32.mul (local.get $n) (local.get $h)) (i32.const 3)))
    (block $done
      (loop $steps
        (br_if $done (i32.ge_u (local.get $t) (local.get $T)))
        (call $gemm_nn (local.get $s) (local.get $h) (i32.const 1) (local.get $w) (local.get $sW) (local.get $z) (local.get $sZ)
                       (local.get $n) (local.get $h) (local.get $sZ) (i32.const 1) (local.get $list))
        ;; h_t ← z_t + b_h, row by row, then tanh in place
        (local.set $zr (local.get $z))
        (local.set $hr (i32.add (local.get $s) (local.get $hStep)))
        (local.set $r (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $r) (local.get $n)))
            (local.set $j (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $j) (local.get $h)))
                (f64.store (i32.add (local.get $hr) (i32.shl (local.get $j) (i32.const 3)))
                  (f64.add (f64.load (i32.add (local.get $zr) (i32.shl (local.get $j) (i32.const 3))))
                           (f64.load (i32.add (local.get $bh) (i32.shl (local.get $j) (i32.const 3))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $cols)))
            (local.set $zr (i32.add (local.get $zr) (i32.shl (local.get $sZ) (i32.const 3))))
            (local.set $hr (i32.add (local.get $hr) (i32.shl (local.get $h) (i32.const 3))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rows)))
        (call $tanh (i32.add (local.get $s) (local.get $hStep))
                    (i32.and (i32.add (i32.mul (local.get $n) (local.get $h)) (i32.const 1)) (i32.const -2)))
        (local.set $z (i32.add (local.get $z) (i32.mul (local.get $n) (i32.shl (local.get $sZ) (i32.const 3)))))
        (local.set $s (i32.add (local.get $s) (local.get $hStep)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $steps))))

  ;; Backpropagation through the recurrence, t = T−1 … 0: ∂L/∂h_t = $dH's block t + what step t+1 sent back,
  ;; ∂L/∂z_t = ∂L/∂h_t ⊙ (1 − h_t²), ∂L/∂h_{t−1} = ∂L/∂z_t W_hᵀ through $gemm_nt. $s: h_0 … h_{T−1} (stride h);
  ;; $dz: ∂L/∂z_t, stride $sD (h rounded up to 2); $d0 holds ∂L/∂h_{T−1} from outside on entry, $d1 is scratch
  ;; (stride $sO, h rounded up to 4); returns which of the two holds ∂L/∂h_{−1} at the end (0 or 1).
  (func (export "elman_backward")
    (param $s i32) (param $dH i32) (param $dz i32) (param $sD i32) (param $d0 i32) (param $d1 i32) (param $sO i32)
    (param $w i32) (param $sW i32) (param $T i32) (param $n i32) (param $h i32) (result i32)
    (local $t i32) (local $r i32) (local $j i32) (local $next i32) (local $prev i32) (local $at i32)
    (local $u i32) (local $dzr i32) (local $up i32) (local $hv f64) (local $dhv f64)
    (local.set $next (local.get $d0))
    (local.set $prev (local.get $d1))
    (local.set $t (local.get $T))
    (block $done
      (loop $steps
        (br_if $done (i32.eqz (local.get $t)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        (local.set $u (i32.shl (i32.mul (i32.mul (local.get $t) (local.get $n)) (local.get $h)) (i32.const 3)))
        (local.set $dzr (i32.add (local.get $dz) (i32.shl (i32.mul (i32.mul (local.get $t) (local.get $n)) (local.get $sD)) (i32.const 3))))
        (local.set $r (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $r) (local.get $n)))
            (local.set $up (i32.add (local.get $next) (i32.shl (i32.mul (local.get $r) (local.get $sO)) (i32.const 3))))
            (local.set $j (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $j) (local.get $h)))
                ;; ∂L/∂h_t = dŷ_t W_oᵀ + dhNext
                (local.set $dhv
                  (f64.add (f64.load (i32.add (local.get $dH) (local.get $u))) (f64.load (i32.add (local.get $up) (i32.shl (local.get $j) (i32.const 3))))))
                (f64.store (i32.add (local.get $dH) (local.get $u)) (local.get $dhv))
                ;; ∂L/∂z_t = ∂L/∂h_t ⊙ (1 − h_t²)
                (local.set $hv (f64.load (i32.add (local.get $s) (local.get $u))))
                (f64.store (i32.add (local.get $dzr) (i32.shl (local.get $j) (i32.const 3)))
                  (f64.mul (local.get $dhv) (f64.sub (f64.const 1) (f64.mul (local.get $hv) (local.get $hv)))))
                (local.set $u (i32.add (local.get $u) (i32.const 8)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $cols)))
            ;; an odd h: the pair's second lane of $gemm_nt's sums must add nothing
            (if (i32.lt_u (local.get $h) (local.get $sD))
              (then (f64.store (i32.add (local.get $dzr) (i32.shl (local.get $h) (i32.const 3))) (f64.const 0))))
            (local.set $dzr (i32.add (local.get $dzr) (i32.shl (local.get $sD) (i32.const 3))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rows)))
        (call $gemm_nt (i32.add (local.get $dz) (i32.shl (i32.mul (i32.mul (local.get $t) (local.get $n)) (local.get $sD)) (i32.const 3)))
                       (local.get $sD) (local.get $w) (local.get $sW) (local.get $prev) (local.get $sO)
                       (local.get $n) (local.get $sD) (local.get $sO) (i32.const 0))
        (local.set $at (local.get $next))
        (local.set $next (local.get $prev))
        (local.set $prev (local.get $at))
        (br $steps)))
    (i32.ne (local.get $next) (local.get $d0)))

  ;; ---- The GRU's whole recurrence (lib/cells/gru.ts, fused) -------------------------------------------------
  ;; As the LSTM's above: the TypeScript steps' operations over the same kernels, in the same order. Layout, stacked
  ;; by step: a (T·n)×3h in blocks [r | z | n], x_t W_x on entry and the gate values after, with row stride $sA (3h
  ;; rounded up to 2, so an odd h's candidate block has room for $tanh's second lane); b = h_{t−1} W_h + b_h with
  ;; $gemm_nn's stride $sB (3h rounded up to 8); s ((T+1)·n)×h from h_{−1}; W_h h×3h with row stride $sW.

  ;; The forward recurrence: a_t += b_x; b_t = h_{t−1} W_h + b_h; r, z = σ(a + b) through tanh(x/2);
  ;; n = tanh(a_n + r ⊙ b_n); h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}. $list: $gemm_nn's scratch (h indices).
  (func (export "gru_forward")
    (param $a i32) (param $sA i32) (param $b i32) (param $sB i32) (param $s i32) (param $w i32) (param $sW i32)
    (param $bx i32) (param $bh i32) (param $T i32) (param $n i32) (param $h i32) (param $list i32)
    (local $t i32) (local $r i32) (local $j8 i32) (local $ar i32) (local $br i32) (local $u i32) (local $h8 i32)
    (local $hStep i32) (local $z f64)
    (local.set $h8 (i32.shl (local.get $h) (i32.const 3)))
    (local.set $hStep (i32.mul (local.get $n) (local.get $h8)))
    (block $done
      (loop $steps
        (br_if $done (i32.ge_u (local.get $t) (local.get $T)))
        ;; b_t = h_{t−1} W_h
        (call $gemm_nn (local.get $s) (local.get $h) (i32.const 1) (local.get $w) (local.get $sW) (local.get $b) (local.get $sB)
                       (local.get $n) (local.get $h) (local.get $sB) (i32.const 0) (local.get $list))
        (local.set $ar (local.get $a))
        (local.set $br (local.get $b))
        (local.set $r (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $r) (local.get $n)))
            ;; a_t += b_x;  b_t += b_h;  r, z: (a + b)/2, tanh, then 0.5 + 0.5·tanh
            (call $bias (local.get $ar) (local.get $bx) (i32.mul (local.get $h) (i32.const 3)) (f64.const 1))
            (call $bias (local.get $br) (local.get $bh) (i32.mul (local.get $h) (i32.const 3)) (f64.const 1))
            (call $bias (local.get $ar) (local.get $br) (i32.shl (local.get $h) (i32.const 1)) (f64.const 0.5))
            (call $tanh (local.get $ar) (i32.shl (local.get $h) (i32.const 1)))
            (call $unhalve (local.get $ar) (i32.shl (local.get $h) (i32.const 1)))
            ;; n = tanh(a_n + r ⊙ b_n)
            (local.set $j8 (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $j8) (local.get $h8)))
                (f64.store (i32.add (i32.add (local.get $ar) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8))
                  (f64.add (f64.load (i32.add (i32.add (local.get $ar) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8)))
                           (f64.mul (f64.load (i32.add (local.get $ar) (local.get $j8)))
                                    (f64.load (i32.add (i32.add (local.get $br) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8))))))
                (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
                (br $cols)))
            (call $tanh (i32.add (local.get $ar) (i32.shl (local.get $h8) (i32.const 1)))
                        (i32.and (i32.add (local.get $h) (i32.const 1)) (i32.const -2)))
            ;; h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
            (local.set $u (i32.add (local.get $s) (i32.mul (local.get $r) (local.get $h8))))
            (local.set $j8 (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $j8) (local.get $h8)))
                (local.set $z (f64.load (i32.add (i32.add (local.get $ar) (local.get $h8)) (local.get $j8))))
                (f64.store (i32.add (i32.add (local.get $u) (local.get $hStep)) (local.get $j8))
                  (f64.add
                    (f64.mul (f64.sub (f64.const 1) (local.get $z))
                             (f64.load (i32.add (i32.add (local.get $ar) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8))))
                    (f64.mul (local.get $z) (f64.load (i32.add (local.get $u) (local.get $j8))))))
                (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
                (br $cols)))
            (local.set $ar (i32.add (local.get $ar) (i32.shl (local.get $sA) (i32.const 3))))
            (local.set $br (i32.add (local.get $br) (i32.shl (local.get $sB) (i32.const 3))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rows)))
        (local.set $a (i32.add (local.get $a) (i32.shl (i32.mul (local.get $n) (local.get $sA)) (i32.const 3))))
        (local.set $b (i32.add (local.get $b) (i32.shl (i32.mul (local.get $n) (local.get $sB)) (i32.const 3))))
        (local.set $s (i32.add (local.get $s) (local.get $hStep)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $steps))))

  ;; Backpropagation through the GRU's recurrence, t = T−1 … 0 (gru.ts's backward step): ∂L/∂h_t = $dH's block t +
  ;; what step t+1 sent back; the pointwise derivatives into ∂L/∂a_t ($da, stride 3h) and ∂L/∂b_t ($db, stride $sD,
  ;; 3h rounded up to 2, its padding zero for $gemm_nt); ∂L/∂h_{t−1} = dh ⊙ z, then + ∂L/∂b_t W_hᵀ through $gemm_nt.
  ;; $s: h_{−1} … h_{T−2}; $d0 holds ∂L/∂h_{T−1} from outside on entry, $d1 is scratch (both n rows of stride $sO, h
  ;; rounded up to 4); returns which of the two holds ∂L/∂h_{−1} at the end (0 or 1).
  (func (export "gru_backward")
    (param $a i32) (param $sA i32) (param $b i32) (param $sB i32) (param $s i32) (param $dH i32) (param $da i32)
    (param $db i32) (param $sD i32) (param $d0 i32) (param $d1 i32) (param $sO i32) (param $w i32) (param $sW i32)
    (param $T i32) (param $n i32) (param $h i32) (result i32)
    (local $t i32) (local $r i32) (local $j8 i32) (local $h8 i32) (local $hStep i32) (local $next i32) (local $prev i32)
    (local $at i32) (local $ar i32) (local $br i32) (local $dar i32) (local $dbr i32) (local $u i32) (local $pr i32)
    (local $dbt i32)
    (local $gr f64) (local $gz f64) (local $gn f64) (local $d f64) (local $dAn f64) (local $v f64)
    (local.set $h8 (i32.shl (local.get $h) (i32.const 3)))
    (local.set $hStep (i32.mul (local.get $n) (local.get $h8)))
    (local.set $next (local.get $d0))
    (local.set $prev (local.get $d1))
    (local.set $t (local.get $T))
    (block $done
      (loop $steps
        (br_if $done (i32.eqz (local.get $t)))
        (local.set $t (i32.sub (local.get $t) (i32.const 1)))
        ;; ∂L/∂h_t = dŷ_t W_oᵀ + ∂L/∂h_t from step t+1
        (call $add_rows (i32.add (local.get $dH) (i32.mul (local.get $t) (local.get $hStep))) (local.get $next) (local.get $sO)
                        (local.get $n) (local.get $h))
        (local.set $ar (i32.add (local.get $a) (i32.shl (i32.mul (i32.mul (local.get $t) (local.get $n)) (local.get $sA)) (i32.const 3))))
        (local.set $br (i32.add (local.get $b) (i32.shl (i32.mul (i32.mul (local.get $t) (local.get $n)) (local.get $sB)) (i32.const 3))))
        (local.set $dar (i32.add (local.get $da) (i32.mul (i32.mul (local.get $t) (local.get $n)) (i32.mul (local.get $h8) (i32.const 3)))))
        (local.set $dbt (i32.add (local.get $db) (i32.shl (i32.mul (i32.mul (local.get $t) (local.get $n)) (local.get $sD)) (i32.const 3))))
        (local.set $dbr (local.get $dbt))
        (local.set $u (i32.add (local.get $dH) (i32.mul (local.get $t) (local.get $hStep))))
        (local.set $pr (local.get $prev))
        (local.set $r (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $r) (local.get $n)))
            (local.set $j8 (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $j8) (local.get $h8)))
                (local.set $gr (f64.load (i32.add (local.get $ar) (local.get $j8))))
                (local.set $gz (f64.load (i32.add (i32.add (local.get $ar) (local.get $h8)) (local.get $j8))))
                (local.set $gn (f64.load (i32.add (i32.add (local.get $ar) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8))))
                (local.set $d (f64.load (i32.add (local.get $u) (local.get $j8))))
                ;; dn = dh(1 − z), dz = dh(h_{t−1} − n), and h_{t−1} gets dh ⊙ z
                (f64.store (i32.add (local.get $pr) (local.get $j8)) (f64.mul (local.get $d) (local.get $gz)))
                ;; da_n = dn(1 − n²), db_n = da_n ⊙ r
                (local.set $dAn
                  (f64.mul (f64.mul (local.get $d) (f64.sub (f64.const 1) (local.get $gz)))
                           (f64.sub (f64.const 1) (f64.mul (local.get $gn) (local.get $gn)))))
                (f64.store (i32.add (i32.add (local.get $dar) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8)) (local.get $dAn))
                (f64.store (i32.add (i32.add (local.get $dbr) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8))
                  (f64.mul (local.get $dAn) (local.get $gr)))
                ;; da_r = db_r = dr·r(1 − r), dr = da_n ⊙ b_n
                (local.set $v
                  (f64.mul (f64.mul (f64.mul (local.get $dAn) (f64.load (i32.add (i32.add (local.get $br) (i32.shl (local.get $h8) (i32.const 1))) (local.get $j8))))
                                    (local.get $gr))
                           (f64.sub (f64.const 1) (local.get $gr))))
                (f64.store (i32.add (local.get $dar) (local.get $j8)) (local.get $v))
                (f64.store (i32.add (local.get $dbr) (local.get $j8)) (local.get $v))
                ;; da_z = db_z = dz·z(1 − z)
                (local.set $v
                  (f64.mul (f64.mul (f64.mul (local.get $d)
                                             (f64.sub (f64.load (i32.add (i32.add (local.get $s) (i32.mul (local.get $t) (local.get $hStep)))
                                                                         (i32.add (i32.mul (local.get $r) (local.get $h8)) (local.get $j8))))
                                                      (local.get $gn)))
                                    (local.get $gz))
                           (f64.sub (f64.const 1) (local.get $gz))))
                (f64.store (i32.add (i32.add (local.get $dar) (local.get $h8)) (local.get $j8)) (local.get $v))
                (f64.store (i32.add (i32.add (local.get $dbr) (local.get $h8)) (local.get $j8)) (local.get $v))
                (local.set $j8 (i32.add (local.get $j8) (i32.const 8)))
                (br $cols)))
            ;; an odd 3h: the pair's second lane of $gemm_nt's sums must add nothing
            (if (i32.lt_u (i32.mul (local.get $h) (i32.const 3)) (local.get $sD))
              (then (f64.store (i32.add (local.get $dbr) (i32.mul (local.get $h8) (i32.const 3))) (f64.const 0))))
            (local.set $ar (i32.add (local.get $ar) (i32.shl (local.get $sA) (i32.const 3))))
            (local.set $br (i32.add (local.get $br) (i32.shl (local.get $sB) (i32.const 3))))
            (local.set $dar (i32.add (local.get $dar) (i32.mul (local.get $h8) (i32.const 3))))
            (local.set $dbr (i32.add (local.get $dbr) (i32.shl (local.get $sD) (i32.const 3))))
            (local.set $u (i32.add (local.get $u) (local.get $h8)))
            (local.set $pr (i32.add (local.get $pr) (i32.shl (local.get $sO) (i32.const 3))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rows)))
        ;; ∂L/∂h_{t−1} += ∂L/∂b_t W_hᵀ
        (call $gemm_nt (local.get $dbt) (local.get $sD) (local.get $w) (local.get $sW) (local.get $prev) (local.get $sO)
                       (local.get $n) (local.get $sD) (local.get $sO) (i32.const 1))
        (local.set $at (local.get $next))
        (local.set $next (local.get $prev))
        (local.set $prev (local.get $at))
        (br $steps)))
    (i32.ne (local.get $next) (local.get $d0)))

  ;; ---- The optimisers' updates (lib/optim.ts's rules, two entries at a time) --------------------------------
  ;; The same arithmetic as the TypeScript loops, operation for operation and in the same order (mul, div and
  ;; sqrt are exactly rounded in both), so the results are the same to the bit; the two lanes only halve the
  ;; cost of the divisions and square roots that dominate an update. Each runs over n entries (n even: wasm.ts
  ;; pads with zeros, which every rule maps to zeros) of the parameters $p, the gradient $g and the state.

  ;; Adam: m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g·g;  p ← p − (η (m / c₁)) / (√(v / c₂) + ε), with
  ;; $a1 = 1 − β₁, $a2 = 1 − β₂, c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ as lib/optim.ts computes them.
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
                        (param $b1 f64) (param $a1 f64) (param $b2 f64) (param $a2 f64) (param $c1 f64) (param $c2 f64)
                        (param $lr f64) (param $eps f64)
    (local $end i32) (local $gv v128) (local $mv v128) (local $vv v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        (local.set $mv (f64x2.add (f64x2.mul (f64x2.splat (local.get $b1)) (v128.load (local.get $m)))
                                  (f64x2.mul (f64x2.splat (local.get $a1)) (local.get $gv))))
        (local.set $vv (f64x2.add (f64x2.mul (f64x2.splat (local.get $b2)) (v128.load (local.get $v)))
                                  (f64x2.mul (f64x2.mul (f64x2.splat (local.get $a2)) (local.get $gv)) (local.get $gv))))
        (v128.store (local.get $m) (local.get $mv))
        (v128.store (local.get $v) (local.get $vv))
        (v128.store (local.get $p)
          (f64x2.sub (v128.load (local.get $p))
            (f64x2.div (f64x2.mul (f64x2.splat (local.get $lr)) (f64x2.div (local.get $mv) (f64x2.splat (local.get $c1))))
                       (f64x2.add (f64x2.sqrt (f64x2.div (local.get $vv) (f64x2.splat (local.get $c2)))) (f64x2.splat (local.get $eps))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $next))))

  ;; Adagrad: G ← G + g·g;  p ← p − (η g) / (√G + ε), leaving both alone where g = 0 (a lane whose g is zero
  ;; keeps its old G and p, as the reference's `continue` does).
  (func (export "adagrad") (param $p i32) (param $g i32) (param $G i32) (param $n i32) (param $lr f64) (param $eps f64)
    (local $end i32) (local $gv v128) (local $Gv v128) (local $Gn v128) (local $pv v128) (local $zero v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        (local.set $zero (f64x2.eq (local.get $gv) (f64x2.splat (f64.const 0))))
        (local.set $Gv (v128.load (local.get $G)))
        (local.set $pv (v128.load (local.get $p)))
        (local.set $Gn (f64x2.add (local.get $Gv) (f64x2.mul (local.get $gv) (local.get $gv))))
        (v128.store (local.get $G) (v128.bitselect (local.get $Gv) (local.get $Gn) (local.get $zero)))
        (v128.store (local.get $p)
          (v128.bitselect (local.get $pv)
            (f64x2.sub (local.get $pv)
              (f64x2.div (f64x2.mul (f64x2.splat (local.get $lr)) (local.get $gv))
                         (f64x2.add (f64x2.sqrt (local.get $Gn)) (f64x2.splat (local.get $eps)))))
            (local.get $zero)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $G (i32.add (local.get $G) (i32.const 16)))
        (br $next))))

  ;; RMSprop: E ← ρE + (1 − ρ)g·g;  p ← p − (η g) / (√E + ε), with $a = 1 − ρ as lib/optim.ts computes it.
  (func (export "rmsprop") (param $p i32) (param $g i32) (param $E i32) (param $n i32) (param $rho f64) (param $a f64)
                           (param $lr f64) (param $eps f64)
    (local $end i32) (local $gv v128) (local $Ev v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        (local.set $Ev (f64x2.add (f64x2.mul (f64x2.splat (local.get $rho)) (v128.load (local.get $E)))
                                  (f64x2.mul (f64x2.mul (f64x2.splat (local.get $a)) (local.get $gv)) (local.get $gv))))
        (v128.store (local.get $E) (local.get $Ev))
        (v128.store (local.get $p)
          (f64x2.sub (v128.load (local.get $p))
            (f64x2.div (f64x2.mul (f64x2.splat (local.get $lr)) (local.get $gv))
                       (f64x2.add (f64x2.sqrt (local.get $Ev)) (f64x2.splat (local.get $eps))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $E (i32.add (local.get $E) (i32.const 16)))
        (br $next))))
)
