using NUnit.Framework;
using Research.Tensors.Kernels;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Kernels;

/// <summary>
/// The vectorised fp32 SSIM map and derivatives against the scalar generic map (its twin). Tolerance: none — the same
/// operations per lane, so every bit must match; odd lengths exercise the scalar tail.
/// </summary>
public class SsimMapKernelTests
{
    [TestCase(1)]
    [TestCase(15)]
    [TestCase(16)]
    [TestCase(17)]
    [TestCase(101)]
    public void ForwardAndBackwardMatchScalarMapBitForBit(int length)
    {
        Assume.That(SsimMapKernel.IsSupported, "no AVX-512 on this machine");
        var rng = new Rng((ulong)length);
        var (mx, my, exx, eyy, exy) = (new float[length], new float[length], new float[length], new float[length], new float[length]);
        for (var i = 0; i < length; i++)
        {
            mx[i] = (float)rng.NextDouble();
            my[i] = (float)rng.NextDouble();
            exx[i] = (mx[i] * mx[i]) + (float)(0.05 * rng.NextDouble());
            eyy[i] = (my[i] * my[i]) + (float)(0.05 * rng.NextDouble());
            exy[i] = (mx[i] * my[i]) + (float)(0.02 * (rng.NextDouble() - 0.5));
        }

        mx[0] = 0;
        exx[0] = 0;
        var ssim = new float[length];
        SsimMapKernel.Forward(mx, my, exx, eyy, exy, ssim);
        const float scale = -3.7e-6f;
        var (bmx, bmy, bexx, bexy) = ((float[])mx.Clone(), (float[])my.Clone(), (float[])exx.Clone(), (float[])exy.Clone());
        SsimMapKernel.Backward(bmx, bmy, bexx, eyy, bexy, scale);
        for (var i = 0; i < length; i++)
        {
            var expected = SsimKernel.Map(mx[i], my[i], exx[i], eyy[i], exy[i], out var gmx, out var gmy, out var gsq, out var gxy);
            Assert.That(Bits(ssim[i]), Is.EqualTo(Bits(expected)), $"ssim[{i}]");
            Assert.That(Bits(bmx[i]), Is.EqualTo(Bits(scale * gmx)), $"dmx[{i}]");
            Assert.That(Bits(bmy[i]), Is.EqualTo(Bits(scale * gmy)), $"dmy[{i}]");
            Assert.That(Bits(bexx[i]), Is.EqualTo(Bits(scale * gsq)), $"dsq[{i}]");
            Assert.That(Bits(bexy[i]), Is.EqualTo(Bits(scale * gxy)), $"dxy[{i}]");
        }
    }

    private static int Bits(float v) => BitConverter.SingleToInt32Bits(v);
}
