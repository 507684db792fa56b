using NUnit.Framework;
using Research.Media.Npy;

namespace Research.Media.Tests.Npy;

[TestFixture]
public sealed class NpyArrayTests
{
    [Test]
    public void Element_type_decides_the_dtype_and_the_data_is_not_copied()
    {
        var data = new float[6];
        var array = new NpyArray(data, [2, 3]);

        Assert.That(array.DType, Is.EqualTo(NpyDType.Float32));
        Assert.That(array.Rank, Is.EqualTo(2));
        Assert.That(array.ElementCount, Is.EqualTo(6));
        Assert.That(array.AsFloat32(), Is.SameAs(data));
        Assert.That(array.ToString(), Is.EqualTo("NpyArray(<f4, (2, 3))"));
    }

    [Test]
    public void Typed_accessors_refuse_the_wrong_type_and_point_to_the_converter()
    {
        var array = new NpyArray(new double[] { 1.5, 0 }, [2]);

        Assert.That(
            () => array.AsFloat32(),
            Throws.InvalidOperationException.With.Message.Contains("Float64").And.Message.Contains("ToFloat32()"));
        Assert.That(array.AsFloat64(), Is.EqualTo(new[] { 1.5, 0 }));
    }

    [Test]
    public void Conversions_give_floats_for_features_and_bools_for_masks()
    {
        var mask = new NpyArray(new byte[] { 0, 1, 255, 0 }, [2, 2]);
        var ints = new NpyArray(new long[] { -3, 0, 1L << 40 }, [3]);
        var flags = new NpyArray(new[] { true, false }, [2]);
        var floats = new NpyArray(new[] { 0f, float.NaN, -0.5f }, [3]);

        Assert.That(mask.ToBool(), Is.EqualTo(new[] { false, true, true, false }));
        Assert.That(mask.ToFloat32(), Is.EqualTo(new[] { 0f, 1f, 255f, 0f }));
        Assert.That(ints.ToFloat64(), Is.EqualTo(new[] { -3d, 0d, 1099511627776d }));
        Assert.That(flags.ToFloat32(), Is.EqualTo(new[] { 1f, 0f }));
        Assert.That(floats.ToBool(), Is.EqualTo(new[] { false, true, true }));
        Assert.That(floats.ToFloat32(), Is.Not.SameAs(floats.Data));
    }

    [Test]
    public void Constructor_validates_shape_and_element_type()
    {
        Assert.That(() => new NpyArray(new float[5], [2, 3]), Throws.ArgumentException.With.Message.Contains("needs 6 elements"));
        Assert.That(() => new NpyArray(new float[0], [-1]), Throws.ArgumentException.With.Message.Contains("negative"));
        Assert.That(() => new NpyArray(new char[1], []), Throws.ArgumentException.With.Message.Contains("Char[]"));
        Assert.That(() => new NpyArray(new float[2, 2], [2, 2]), Throws.ArgumentException.With.Message.Contains("flat"));
        Assert.That(new NpyArray(new float[1], []).Rank, Is.Zero);
    }

    [Test]
    public void Same_size_integer_arrays_of_other_signedness_are_not_confused()
    {
        // The CLR lets "is short[]" succeed for a ushort[] and "is int[]" for a uint[]; dtype detection must not.
        var unsigned = new NpyArray(new ushort[] { 65535, 1 }, [2]);

        Assert.That(unsigned.DType, Is.EqualTo(NpyDType.UInt16));
        Assert.That(unsigned.ToFloat32(), Is.EqualTo(new[] { 65535f, 1f }));
        Assert.That(() => unsigned.AsInt16(), Throws.InvalidOperationException);
        Assert.That(() => new NpyArray(new uint[1], [1]), Throws.ArgumentException.With.Message.Contains("UInt32[]"));
        Assert.That(() => new NpyArray(new sbyte[1], [1]), Throws.ArgumentException.With.Message.Contains("SByte[]"));
    }

    [Test]
    public void Shape_is_a_snapshot_of_the_constructor_argument()
    {
        int[] shape = [2, 3];
        var array = new NpyArray(new int[6], shape);
        shape[0] = 99;

        Assert.That(array.Shape, Is.EqualTo(new[] { 2, 3 }));
    }
}
