using System.Numerics;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Encoders.KPlanes;

/// <summary>
/// GaussianTalker <c>HexPlaneField</c> with 3 spatial planes: per scale m in <c>multires</c>, planes xy, xz, yz of
/// shape [1, C, m·base, m·base] (parameters <c>grids.{scale}.{plane}</c>, init U(0.1, 0.5)), buffer <c>aabb</c>
/// [2, 3] (row 0 max, row 1 min as in the official <c>set_aabb</c>). The official <c>normalize_aabb</c> computes
/// (p − aabb[0])·2/(aabb[1] − aabb[0]) − 1, so max maps to −1 and min to +1 (a mirror of the textbook mapping); this
/// module reproduces that so published planes load unchanged. Output [N, |multires|·C] (64-d by default).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class KPlanesField<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Tensor<T>> planes = [];

    /// <summary>Creates the planes (scale-major, xy, xz, yz) from <paramref name="rng"/>.</summary>
    public KPlanesField(double[] aabbMin, double[] aabbMax, Rng rng, int channels = 32, int baseResolution = 64, int[]? multires = null)
    {
        ArgumentNullException.ThrowIfNull(aabbMin);
        ArgumentNullException.ThrowIfNull(aabbMax);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseResolution, 2);
        multires ??= [1, 2];
        Channels = channels;
        Multires = multires;
        AabbMin = [.. aabbMin];
        AabbMax = [.. aabbMax];
        RegisterBuffer("aabb", Tensor.FromArray([.. aabbMax.Concat(aabbMin).Select(T.CreateChecked)], 2, 3));
        // ModuleList of ParameterLists in the official code: names grids.{scale}.{plane}.
        var grids = RegisterModule("grids", new ListModule());
        for (var s = 0; s < multires.Length; s++)
        {
            var r = multires[s] * baseResolution;
            var scale = grids.AddModule(s.ToString(System.Globalization.CultureInfo.InvariantCulture), new ListModule());
            for (var p = 0; p < 3; p++)
            {
                planes.Add(scale.AddParameter(p.ToString(System.Globalization.CultureInfo.InvariantCulture), Tensor.Uniform(rng, T.CreateChecked(0.1), T.CreateChecked(0.5), 1, channels, r, r)));
            }
        }
    }

    /// <summary>Channels per plane C.</summary>
    public int Channels { get; }

    /// <summary>Resolution multipliers.</summary>
    public IReadOnlyList<int> Multires { get; }

    /// <summary>AABB minimum corner.</summary>
    public IReadOnlyList<double> AabbMin { get; }

    /// <summary>AABB maximum corner.</summary>
    public IReadOnlyList<double> AabbMax { get; }

    /// <summary>Planes, scale-major (xy, xz, yz).</summary>
    public IReadOnlyList<Tensor<T>> Planes => planes;

    /// <summary>Output width |multires|·C.</summary>
    public int OutputWidth => Multires.Count * Channels;

    /// <inheritdoc/>
    public Tensor<T> Forward(Tensor<T> input) => KPlanesGrid.Encode(input, planes, AabbMax, AabbMin);

    /// <summary>Numbered container (like ModuleList / ParameterList) for state-dict names.</summary>
    private sealed class ListModule : Module<T>
    {
        public ListModule AddModule(string name, ListModule module) => RegisterModule(name, module);

        public Tensor<T> AddParameter(string name, Tensor<T> tensor) => RegisterParameter(name, tensor);
    }
}
