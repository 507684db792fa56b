namespace Research.Splatting.Tests.Rasterization;

/// <summary>
/// A forward-mode dual number v + t·ε (ε² = 0): evaluating the reference forward on duals gives exact analytic
/// derivatives along one input direction, independent of the hand-written reverse-mode backward of the fast path.
/// Comparisons and clamps look at the value only (piecewise formulas differentiate the active branch).
/// </summary>
/// <param name="V">Value.</param>
/// <param name="T">Tangent (derivative along the seeded direction).</param>
public readonly record struct Dual(double V, double T)
{
    /// <summary>A constant (zero tangent).</summary>
    public static implicit operator Dual(double v) => new(v, 0);

    /// <summary>Sum.</summary>
    public static Dual operator +(Dual a, Dual b) => new(a.V + b.V, a.T + b.T);

    /// <summary>Difference.</summary>
    public static Dual operator -(Dual a, Dual b) => new(a.V - b.V, a.T - b.T);

    /// <summary>Negation.</summary>
    public static Dual operator -(Dual a) => new(-a.V, -a.T);

    /// <summary>Product.</summary>
    public static Dual operator *(Dual a, Dual b) => new(a.V * b.V, (a.T * b.V) + (a.V * b.T));

    /// <summary>Quotient.</summary>
    public static Dual operator /(Dual a, Dual b) => new(a.V / b.V, ((a.T * b.V) - (a.V * b.T)) / (b.V * b.V));

    /// <summary>Square root.</summary>
    public static Dual Sqrt(Dual a)
    {
        var s = Math.Sqrt(a.V);
        return new(s, a.T / (2 * s));
    }

    /// <summary>The larger by value (ties: the first).</summary>
    public static Dual Max(Dual a, Dual b) => b.V > a.V ? b : a;

    /// <summary>The smaller by value (ties: the first).</summary>
    public static Dual Min(Dual a, Dual b) => b.V < a.V ? b : a;
}
