using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Head;

namespace Research.Datasets.Tests.Synthetic.Head;

[TestFixture]
public sealed class HeadMeshTests
{
    [Test]
    public void FromSeed_IsDeterministic_AndSeedsDiffer()
    {
        var first = HeadIdentity.FromSeed(5);
        var again = HeadIdentity.FromSeed(5);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(HeadIdentity.FromSeed(6), Is.Not.EqualTo(first));
        }
    }

    [Test]
    public void Seeds_CoverEveryHairstyle()
    {
        var styles = Enumerable.Range(0, 60).Select(s => HeadIdentity.FromSeed(s).Hairstyle).Distinct().ToArray();
        Assert.That(styles, Is.EquivalentTo(Enum.GetValues<Hairstyle>()));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    public void Mesh_IsWellFormed(int seed)
    {
        var mesh = SyntheticTestData.Mesh(seed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mesh.TriangleCount, Is.InRange(4000, 16000), "a few thousand triangles");
            Assert.That(mesh.Triangles, Has.All.InRange(0, mesh.VertexCount - 1));
            Assert.That(mesh.RestPositions, Has.All.Matches<float>(float.IsFinite));
            Assert.That(mesh.TriangleMaterials.Max(), Is.LessThan(mesh.Materials.Count));
            Assert.That(mesh.LandmarkVertices, Has.Count.EqualTo(68).And.All.InRange(0, mesh.VertexCount - 1));
            foreach (var expression in Enum.GetValues<Expression>())
            {
                Assert.That(mesh.ExpressionOffsets(expression).ToArray(), Has.All.Matches<float>(float.IsFinite), expression.ToString());
                Assert.That(MaxAbs(mesh.ExpressionOffsets(expression)), Is.GreaterThan(0.005), $"{expression} moves something");
            }
        }
    }

    [Test]
    public void Materials_CarryTheParsingClassesAndTeeth()
    {
        var classes = SyntheticTestData.Mesh(1).Materials.Select(m => m.Class).Distinct();
        var teeth = SyntheticTestData.Mesh(1).Materials.Where(m => m.IsTeeth).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(classes, Is.EquivalentTo(new[] { ParsingClass.Face, ParsingClass.InnerMouth, ParsingClass.Hair, ParsingClass.Neck, ParsingClass.Cloth }));
            Assert.That(teeth, Has.Length.EqualTo(1));
            Assert.That(teeth[0].Class, Is.EqualTo(ParsingClass.InnerMouth), "teeth are inner mouth in the parsing map");
        }
    }

    [Test]
    public void Landmarks_FollowTheIbugLayoutAtRest()
    {
        var mesh = SyntheticTestData.Mesh(3);
        var rest = new float[Performance.ExpressionCount];
        (double X, double Y, double Z) P(int k) => SyntheticTestData.Deformed(mesh, rest, mesh.LandmarkVertices[k]);

        using (Assert.EnterMultipleScope())
        {
            // Image left is the subject's right, −X at rest.
            Assert.That(P(0).X, Is.LessThan(P(8).X).And.LessThan(P(16).X - 1), "jaw runs from right ear to left ear");
            Assert.That(Enumerable.Range(0, 17).Select(k => P(k).Y).Min(), Is.EqualTo(P(8).Y), "point 8 is the chin, the lowest");
            Assert.That(P(17).X, Is.LessThan(P(21).X), "right brow outer to inner");
            Assert.That(P(22).X, Is.LessThan(P(26).X), "left brow inner to outer");
            Assert.That(P(30).Z, Is.GreaterThan(P(27).Z).And.GreaterThan(P(33).Z), "nose tip sticks out");
            Assert.That(P(27).Y, Is.GreaterThan(P(28).Y).And.GreaterThan(P(30).Y), "bridge runs down");
            Assert.That(new[] { P(36).X, P(39).X, P(42).X, P(45).X }, Is.Ordered, "eye corners left to right");
            Assert.That(P(37).Y, Is.GreaterThan(P(41).Y), "upper lid above lower lid");
            Assert.That(P(48).X, Is.LessThan(P(54).X), "mouth corners");
            Assert.That(P(51).Y, Is.GreaterThan(P(62).Y), "upper lip border above the lip line");
            Assert.That(P(57).Y, Is.LessThan(P(66).Y), "lower lip border below the lip line");
            Assert.That(Distance(P(62), P(66)), Is.LessThan(1e-6), "closed lips meet");
            Assert.That(P(19).Y, Is.GreaterThan(P(37).Y), "brows above the eyes");
            Assert.That(P(33).Y, Is.GreaterThan(P(51).Y), "nose above the mouth");
        }
    }

    [Test]
    public void Expressions_MoveTheRightLandmarks()
    {
        var mesh = SyntheticTestData.Mesh(2);
        var rest = new float[Performance.ExpressionCount];
        (double X, double Y, double Z) At(Expression e, int k) => SyntheticTestData.Deformed(mesh, SyntheticTestData.Weights((e, 1f)), mesh.LandmarkVertices[k]);
        (double X, double Y, double Z) Rest(int k) => SyntheticTestData.Deformed(mesh, rest, mesh.LandmarkVertices[k]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(At(Expression.JawDrop, 8).Y, Is.LessThan(Rest(8).Y - 0.15), "jaw drop lowers the chin");
            Assert.That(At(Expression.JawDrop, 66).Y - At(Expression.JawDrop, 62).Y, Is.LessThan(-0.1), "jaw drop opens the lips");
            Assert.That(Distance(At(Expression.JawDrop, 51), Rest(51)), Is.LessThan(0.01), "the upper lip stays");
            Assert.That(Distance(At(Expression.JawDrop, 37), Rest(37)), Is.Zero, "the eyes stay");
            Assert.That(At(Expression.LipsPart, 62).Y - At(Expression.LipsPart, 66).Y, Is.GreaterThan(0.02), "lips part");
            Assert.That(At(Expression.Blink, 37).Y, Is.LessThan(Rest(41).Y + 0.01), "blink brings the upper lid down to the lower");
            Assert.That(At(Expression.LipCornerPull, 54).Y, Is.GreaterThan(Rest(54).Y + 0.02), "smile lifts the corners");
            Assert.That(At(Expression.LipCornerPull, 54).X - At(Expression.LipCornerPull, 48).X, Is.GreaterThan(Rest(54).X - Rest(48).X), "smile widens");
            Assert.That(At(Expression.LipStretch, 54).X - At(Expression.LipStretch, 48).X, Is.GreaterThan(Rest(54).X - Rest(48).X + 0.05), "stretch widens");
            Assert.That(At(Expression.Pucker, 51).Z, Is.GreaterThan(Rest(51).Z + 0.03), "pucker protrudes");
            Assert.That(At(Expression.Pucker, 54).X - At(Expression.Pucker, 48).X, Is.LessThan(Rest(54).X - Rest(48).X - 0.05), "pucker narrows");
            Assert.That(At(Expression.Funnel, 62).Y - At(Expression.Funnel, 66).Y, Is.GreaterThan(0.03), "funnel rounds the lips open");
            Assert.That(At(Expression.UpperLipRaise, 51).Y, Is.GreaterThan(Rest(51).Y + 0.02), "upper lip raise");
            Assert.That(At(Expression.ChinRaise, 57).Z, Is.GreaterThan(Rest(57).Z + 0.01), "chin raise pushes the lower lip out");
            Assert.That(At(Expression.InnerBrowRaise, 21).Y, Is.GreaterThan(Rest(21).Y + 0.03), "inner brow raise");
            Assert.That(At(Expression.OuterBrowRaise, 17).Y, Is.GreaterThan(Rest(17).Y + 0.03), "outer brow raise");
            Assert.That(At(Expression.BrowLower, 21).Y, Is.LessThan(Rest(21).Y - 0.02), "brow lower");
            Assert.That(At(Expression.LidTighten, 41).Y, Is.GreaterThan(Rest(41).Y), "lid tighten raises the lower lid");
            Assert.That(At(Expression.CheekRaise, 41).Y, Is.GreaterThan(Rest(41).Y), "cheek raise pushes the lower lid up");
        }
    }

    [Test]
    public void Deform_CombinesBlendshapesLinearly()
    {
        var mesh = SyntheticTestData.Mesh(4);
        var a = SyntheticTestData.Weights((Expression.JawDrop, 0.6f), (Expression.Blink, 0.3f));
        var b = SyntheticTestData.Weights((Expression.LipCornerPull, 0.5f), (Expression.JawDrop, 0.2f));
        var sum = a.Zip(b, (x, y) => x + y).ToArray();
        var pa = new float[mesh.RestPositions.Length];
        var pb = new float[mesh.RestPositions.Length];
        var ps = new float[mesh.RestPositions.Length];
        mesh.Deform(a, pa);
        mesh.Deform(b, pb);
        mesh.Deform(sum, ps);
        var worst = 0.0;
        for (var i = 0; i < ps.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(ps[i] - (pa[i] + pb[i] - mesh.RestPositions[i])));
        }

        Assert.That(worst, Is.LessThan(1e-5));
    }

    private static double MaxAbs(ReadOnlySpan<float> values)
    {
        var max = 0.0;
        foreach (var v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    private static double Distance((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)) + ((a.Z - b.Z) * (a.Z - b.Z)));
}
