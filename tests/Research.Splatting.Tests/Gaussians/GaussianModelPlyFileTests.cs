using NUnit.Framework;
using Research.Splatting.Gaussians;
using Research.Splatting.Ply;
using Research.Tensors.Randomness;

namespace Research.Splatting.Tests.Gaussians;

/// <summary>PLY files always hold log scales (the viewer convention), whatever the model's scale activation.</summary>
public class GaussianModelPlyFileTests
{
    [TestCase(ScaleActivation.Exp)]
    [TestCase(ScaleActivation.Softplus)]
    public void SavePlyWritesLogScalesAndLoadPlyRestoresRawScales(ScaleActivation activation)
    {
        var model = GaussianModel.RandomInBox(50, new Rng(3), 2, activation);
        var path = Path.Combine(Path.GetTempPath(), $"research-ply-{Guid.NewGuid():N}.ply");
        try
        {
            model.SavePly(path);
            var file = GaussianPly.Read(path);
            var activated = model.GetScaling().ToArray();
            for (var i = 0; i < activated.Length; i++)
            {
                Assert.That(file.Scales[i], Is.EqualTo(Math.Log(activated[i])).Within(1e-5 * (1 + Math.Abs(Math.Log(activated[i])))), $"scale {i}");
            }

            var back = GaussianModel.LoadPly(path, activation);
            Assert.That(back.ScaleActivation, Is.EqualTo(activation));
            Assert.That(back.Means.ToArray(), Is.EqualTo(model.Means.ToArray()));
            Assert.That(back.ActiveShDegree, Is.EqualTo(2));
            var raw = model.RawScales.ToArray();
            var restored = back.RawScales.ToArray();
            for (var i = 0; i < raw.Length; i++)
            {
                Assert.That(restored[i], Is.EqualTo(raw[i]).Within(1e-4 * (1 + Math.Abs(raw[i]))), $"raw scale {i}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
