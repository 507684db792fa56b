namespace Research.Media.Jpeg;

/// <summary>
/// Decodes the entropy-coded data of one scan (ITU T.81 annex F for sequential, G for progressive) and walks the
/// MCUs, restart intervals included. Sequential blocks go straight through the IDCT into the component planes;
/// progressive scans accumulate coefficients, transformed once by <see cref="FinishProgressive"/>.
/// </summary>
internal static class JpegScanDecoder
{
    /// <summary>Per-block work of one kind of scan; a struct so the MCU walk is specialised for each.</summary>
    private interface IBlockDecoder
    {
        /// <summary>Decodes the block at (row, column) of the component's block grid.</summary>
        void Decode(ref JpegBitReader reader, JpegComponent component, int row, int column);

        /// <summary>Clears state carried from block to block (the EOB run) at a restart marker.</summary>
        void Reset();
    }

    /// <summary>Decodes a baseline or extended sequential scan into the planes of its components.</summary>
    public static void DecodeSequential(ref JpegBitReader reader, JpegFrame frame, JpegComponent[] components, int restartInterval, string source)
    {
        var decoder = new SequentialBlock();
        Walk(ref reader, frame, components, restartInterval, ref decoder);
    }

    /// <summary>Decodes one progressive scan into the coefficient stores of its components.</summary>
    public static void DecodeProgressive(ref JpegBitReader reader, JpegFrame frame, JpegComponent[] components, in JpegScanHeader scan, int restartInterval, string source)
    {
        if (scan.SpectralStart == 0)
        {
            if (scan.ApproximationHigh == 0)
            {
                var first = new DcFirstBlock(scan.ApproximationLow, source);
                Walk(ref reader, frame, components, restartInterval, ref first);
            }
            else
            {
                var refine = new DcRefineBlock(scan.ApproximationLow);
                Walk(ref reader, frame, components, restartInterval, ref refine);
            }
        }
        else if (scan.ApproximationHigh == 0)
        {
            var first = new AcFirstBlock(scan, source);
            Walk(ref reader, frame, components, restartInterval, ref first);
        }
        else
        {
            var refine = new AcRefineBlock(scan, source);
            Walk(ref reader, frame, components, restartInterval, ref refine);
        }
    }

    /// <summary>Dequantises and transforms every coded block of a progressive frame into the planes.</summary>
    public static void FinishProgressive(JpegFrame frame)
    {
        Span<float> block = stackalloc float[64];
        Span<float> quant = stackalloc float[64];
        foreach (var c in frame.Components)
        {
            var zigzag = JpegZigZag.ToNatural;
            for (var k = 0; k < 64; k++)
            {
                quant[zigzag[k]] = c.Quant![k];
            }

            for (var row = 0; row < c.ScanBlocksPerColumn; row++)
            {
                for (var col = 0; col < c.ScanBlocksPerLine; col++)
                {
                    var coefficients = c.Coefficients.AsSpan(((row * c.BlocksPerLine) + col) * 64, 64);
                    var destination = c.Plane.AsSpan((row * 8 * c.Stride) + (col * 8));
                    if (coefficients[1..].ContainsAnyExcept((short)0))
                    {
                        for (var n = 0; n < 64; n++)
                        {
                            block[n] = coefficients[n] * quant[n];
                        }

                        JpegIdct.Transform(block, destination, c.Stride);
                    }
                    else
                    {
                        JpegIdct.TransformDcOnly(coefficients[0] * quant[0], destination, c.Stride);
                    }
                }
            }
        }
    }

    // MCU order: a one-component scan codes that component's blocks row by row (A.2.2); an interleaved scan codes
    // each MCU's H×V blocks of every component in turn (A.2.3).
    private static void Walk<T>(ref JpegBitReader reader, JpegFrame frame, JpegComponent[] components, int restartInterval, ref T decoder)
        where T : struct, IBlockDecoder
    {
        var nextRestart = 0;
        var untilRestart = restartInterval;
        if (components.Length == 1)
        {
            var c = components[0];
            var perLine = c.ScanBlocksPerLine;
            var rows = c.ScanBlocksPerColumn;
            for (var row = 0; row < rows; row++)
            {
                for (var col = 0; col < perLine; col++)
                {
                    if (restartInterval > 0 && untilRestart-- == 0)
                    {
                        Restart(ref reader, components, ref decoder, ref nextRestart);
                        untilRestart = restartInterval - 1;
                    }

                    decoder.Decode(ref reader, c, row, col);
                }
            }
        }
        else
        {
            for (var mcuRow = 0; mcuRow < frame.McusPerColumn; mcuRow++)
            {
                for (var mcuCol = 0; mcuCol < frame.McusPerLine; mcuCol++)
                {
                    if (restartInterval > 0 && untilRestart-- == 0)
                    {
                        Restart(ref reader, components, ref decoder, ref nextRestart);
                        untilRestart = restartInterval - 1;
                    }

                    foreach (var c in components)
                    {
                        for (var v = 0; v < c.Vertical; v++)
                        {
                            for (var h = 0; h < c.Horizontal; h++)
                            {
                                decoder.Decode(ref reader, c, (mcuRow * c.Vertical) + v, (mcuCol * c.Horizontal) + h);
                            }
                        }
                    }
                }
            }
        }

        reader.EndSegment();
    }

    private static void Restart<T>(ref JpegBitReader reader, JpegComponent[] components, ref T decoder, ref int next)
        where T : struct, IBlockDecoder
    {
        reader.Restart(next);
        next = (next + 1) & 7;
        foreach (var c in components)
        {
            c.DcPredictor = 0;
        }

        decoder.Reset();
    }

    private static int DecodeDcDifference(ref JpegBitReader reader, JpegHuffmanTable table, string source)
    {
        var size = reader.DecodeSymbol(table);
        if (size == 0)
        {
            return 0;
        }

        if (size > 16)
        {
            throw JpegErrors.Corrupt(source, $"a DC difference of {size} bits in the image data near byte {reader.Position}");
        }

        return reader.ReadSigned(size);
    }

    private static Span<short> BlockCoefficients(JpegComponent c, int row, int column) =>
        c.Coefficients.AsSpan(((row * c.BlocksPerLine) + column) * 64, 64);

    private struct SequentialBlock() : IBlockDecoder
    {
        private readonly float[] block = new float[64];

        public readonly void Decode(ref JpegBitReader reader, JpegComponent component, int row, int column)
        {
            var coefficients = block.AsSpan();
            coefficients.Clear();
            var predictor = component.DcPredictor;
            var hasAc = reader.DecodeBlock(component.DcTable!, component.AcTable!, component.Quant!, coefficients, ref predictor);
            component.DcPredictor = predictor;

            var destination = component.Plane.AsSpan((row * 8 * component.Stride) + (column * 8));
            if (hasAc)
            {
                JpegIdct.Transform(coefficients, destination, component.Stride);
            }
            else
            {
                JpegIdct.TransformDcOnly(coefficients[0], destination, component.Stride);
            }
        }

        public readonly void Reset()
        {
        }
    }

    private readonly struct DcFirstBlock(int shift, string source) : IBlockDecoder
    {
        public void Decode(ref JpegBitReader reader, JpegComponent component, int row, int column)
        {
            var dc = component.DcPredictor + DecodeDcDifference(ref reader, component.DcTable!, source);
            component.DcPredictor = dc;
            BlockCoefficients(component, row, column)[0] = (short)(dc << shift);
        }

        public void Reset()
        {
        }
    }

    private readonly struct DcRefineBlock(int shift) : IBlockDecoder
    {
        public void Decode(ref JpegBitReader reader, JpegComponent component, int row, int column)
        {
            if (reader.ReadBit() != 0)
            {
                BlockCoefficients(component, row, column)[0] |= (short)(1 << shift);
            }
        }

        public void Reset()
        {
        }
    }

    private struct AcFirstBlock(in JpegScanHeader scan, string source) : IBlockDecoder
    {
        private readonly int start = scan.SpectralStart;
        private readonly int end = scan.SpectralEnd;
        private readonly int shift = scan.ApproximationLow;
        private int endOfBandRun;

        public void Decode(ref JpegBitReader reader, JpegComponent component, int row, int column)
        {
            if (endOfBandRun > 0)
            {
                endOfBandRun--;
                return;
            }

            var coefficients = BlockCoefficients(component, row, column);
            var ac = component.AcTable!;
            var zigzag = JpegZigZag.ToNatural;
            for (var k = start; k <= end; k++)
            {
                var symbol = reader.DecodeSymbol(ac);
                var run = symbol >> 4;
                var size = symbol & 15;
                if (size == 0)
                {
                    if (run < 15)
                    {
                        // EOBr: this block and 2^r - 1 + (r extra bits) more end here.
                        endOfBandRun = (1 << run) - 1;
                        if (run > 0)
                        {
                            endOfBandRun += reader.ReadBits(run);
                        }

                        return;
                    }

                    k += 15;
                    continue;
                }

                k += run;
                if (k > end)
                {
                    throw JpegErrors.Corrupt(source, $"a coefficient run past the end of the spectral band in the image data near byte {reader.Position}");
                }

                coefficients[zigzag[k]] = (short)(reader.ReadSigned(size) * (1 << shift));
            }
        }

        public void Reset() => endOfBandRun = 0;
    }

    private struct AcRefineBlock(in JpegScanHeader scan, string source) : IBlockDecoder
    {
        private readonly int start = scan.SpectralStart;
        private readonly int end = scan.SpectralEnd;
        private readonly int plusOne = 1 << scan.ApproximationLow;
        private readonly int minusOne = -1 << scan.ApproximationLow;
        private int endOfBandRun;

        public void Decode(ref JpegBitReader reader, JpegComponent component, int row, int column)
        {
            var coefficients = BlockCoefficients(component, row, column);
            var zigzag = JpegZigZag.ToNatural;
            var k = start;
            if (endOfBandRun == 0)
            {
                var ac = component.AcTable!;
                while (k <= end)
                {
                    var symbol = reader.DecodeSymbol(ac);
                    var run = symbol >> 4;
                    var size = symbol & 15;
                    var value = 0;
                    if (size == 0)
                    {
                        if (run < 15)
                        {
                            endOfBandRun = 1 << run;
                            if (run > 0)
                            {
                                endOfBandRun += reader.ReadBits(run);
                            }

                            break;
                        }

                        // ZRL: skip sixteen coefficients that are still zero (value stays 0).
                    }
                    else
                    {
                        if (size != 1)
                        {
                            throw JpegErrors.Corrupt(source, $"a refinement coefficient of {size} bits in the image data near byte {reader.Position}");
                        }

                        value = reader.ReadBit() != 0 ? plusOne : minusOne;
                    }

                    // Pass `run` still-zero coefficients, refining the nonzero ones met on the way, then place the
                    // new coefficient (if any) in the next still-zero position.
                    while (k <= end)
                    {
                        ref var coefficient = ref coefficients[zigzag[k]];
                        k++;
                        if (coefficient != 0)
                        {
                            Refine(ref reader, ref coefficient);
                        }
                        else if (run == 0)
                        {
                            if (value != 0)
                            {
                                coefficient = (short)value;
                            }

                            break;
                        }
                        else
                        {
                            run--;
                        }
                    }
                }
            }

            if (endOfBandRun > 0)
            {
                // Inside an EOB run only the correction bits of already-nonzero coefficients remain.
                for (; k <= end; k++)
                {
                    ref var coefficient = ref coefficients[zigzag[k]];
                    if (coefficient != 0)
                    {
                        Refine(ref reader, ref coefficient);
                    }
                }

                endOfBandRun--;
            }
        }

        public void Reset() => endOfBandRun = 0;

        private readonly void Refine(ref JpegBitReader reader, ref short coefficient)
        {
            if (reader.ReadBit() != 0 && (coefficient & plusOne) == 0)
            {
                coefficient += (short)(coefficient >= 0 ? plusOne : minusOne);
            }
        }
    }
}
