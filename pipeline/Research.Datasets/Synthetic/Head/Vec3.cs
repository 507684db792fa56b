namespace Research.Datasets.Synthetic.Head;

/// <summary>A double-precision 3-vector for building geometry.</summary>
internal readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    public static Vec3 operator *(double s, Vec3 a) => new(a.X * s, a.Y * s, a.Z * s);

    public double Length => Math.Sqrt(Dot(this));

    public double Dot(Vec3 b) => (X * b.X) + (Y * b.Y) + (Z * b.Z);

    public Vec3 Cross(Vec3 b) => new((Y * b.Z) - (Z * b.Y), (Z * b.X) - (X * b.Z), (X * b.Y) - (Y * b.X));

    public Vec3 Normalized()
    {
        var length = Length;
        return length > 0 ? this * (1 / length) : new Vec3(0, 0, 1);
    }

    public Vec3 Lerp(Vec3 b, double t) => this + ((b - this) * t);

    /// <summary>Rotates about the x axis through <paramref name="center"/>; positive angles turn +Y towards +Z.</summary>
    public Vec3 RotateX(Vec3 center, double angle)
    {
        var (s, c) = Math.SinCos(angle);
        var y = Y - center.Y;
        var z = Z - center.Z;
        return new Vec3(X, center.Y + (y * c) - (z * s), center.Z + (y * s) + (z * c));
    }

    /// <summary>Rotates about the y axis through <paramref name="center"/>; positive angles turn +Z towards +X.</summary>
    public Vec3 RotateY(Vec3 center, double angle)
    {
        var (s, c) = Math.SinCos(angle);
        var x = X - center.X;
        var z = Z - center.Z;
        return new Vec3(center.X + (x * c) + (z * s), Y, center.Z - (x * s) + (z * c));
    }
}
