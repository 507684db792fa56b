using Research.Datasets.Synthetic.Animation;
using static Research.Datasets.Synthetic.Head.ShapeMath;

namespace Research.Datasets.Synthetic.Head;

/// <summary>
/// Computes one vertex-offset blendshape per <see cref="Expression"/> at weight 1. Offsets are smooth fields over the
/// rest positions, chosen per vertex role: the jaw rotates the lower face about a hinge in front of the ears, lip
/// shapes act on the lip bands, lip line and mouth pocket, lid shapes rotate the lid shells about the eye's x axis.
/// </summary>
internal sealed class ExpressionRig(MeshBuilder mesh, RigGeometry rig)
{
    /// <summary>Jaw rotation at JawDrop = 1 (about 21°).</summary>
    public const double JawAngle = 0.36;

    private readonly double cornerX = Math.Abs(rig.CornerX);

    public float[][] Build()
    {
        var count = mesh.VertexCount;
        var deltas = new float[Performance.ExpressionCount][];
        for (var e = 0; e < deltas.Length; e++)
        {
            deltas[e] = new float[count * 3];
        }

        for (var v = 0; v < count; v++)
        {
            var p = mesh.Positions[v];
            var tag = mesh.Tags[v];
            foreach (var expression in Enum.GetValues<Expression>())
            {
                var d = Offset(expression, p, tag);
                deltas[(int)expression][v * 3] = (float)d.X;
                deltas[(int)expression][(v * 3) + 1] = (float)d.Y;
                deltas[(int)expression][(v * 3) + 2] = (float)d.Z;
            }
        }

        return deltas;
    }

    private static bool IsFace(VertexRole role) => role is VertexRole.Skin or VertexRole.UpperLip or VertexRole.LowerLip
        or VertexRole.SlitUpper or VertexRole.SlitLower or VertexRole.SlitCorner or VertexRole.PocketUpper or VertexRole.PocketLower
        or VertexRole.Throat or VertexRole.Brow;

    private static bool IsLipPart(VertexRole role) => role is VertexRole.UpperLip or VertexRole.LowerLip
        or VertexRole.SlitUpper or VertexRole.SlitLower or VertexRole.SlitCorner;

    private static double Taper(double s, double power) => Math.Pow(Math.Max(0, 1 - (s * s)), power);

    private Vec3 Offset(Expression expression, Vec3 p, VertexTag tag) => expression switch
    {
        Expression.JawDrop => (p.RotateX(rig.JawHinge, JawAngle) - p) * JawWeight(p, tag),
        Expression.LipsPart => LipsPart(tag),
        Expression.LipCornerPull => CornerPull(p, tag),
        Expression.LipStretch => Stretch(p, tag),
        Expression.Pucker => Protrude(p, tag, forward: 0.05, narrow: 0.33, openUp: 0, openDown: 0),
        Expression.Funnel => Protrude(p, tag, forward: 0.035, narrow: 0.22, openUp: 0.02, openDown: 0.026),
        Expression.UpperLipRaise => UpperLipRaise(p, tag),
        Expression.ChinRaise => ChinRaise(p, tag),
        Expression.Blink => tag.Role == VertexRole.UpperLid ? Lid(p, tag, rig.BlinkAngle) : default,
        Expression.InnerBrowRaise => Brow(p, tag, 0.055 * Gauss((Math.Abs(p.X) - 0.12) / 0.13, (p.Y - 0.46) / 0.2), 0, 0),
        Expression.OuterBrowRaise => Brow(p, tag, 0.05 * Gauss((Math.Abs(p.X) - 0.43) / 0.15, (p.Y - 0.46) / 0.18), 0, 0),
        Expression.BrowLower => BrowLower(p, tag),
        Expression.CheekRaise => CheekRaise(p, tag),
        Expression.LidTighten => tag.Role switch
        {
            VertexRole.LowerLid => Lid(p, tag, Deg(-9)),
            VertexRole.UpperLid => Lid(p, tag, Deg(5)),
            _ => default,
        },
        _ => default,
    };

    /// <summary>How much of the jaw rotation a vertex follows.</summary>
    private double JawWeight(Vec3 p, VertexTag tag)
    {
        switch (tag.Role)
        {
            case VertexRole.LowerTeeth or VertexRole.Tongue:
                return 1;
            case VertexRole.Throat:
                return 0.5 * FaceJaw(p, 1);
            case VertexRole.PocketLower:
                return FaceJaw(p, 1);
            case VertexRole.PocketUpper:
                return FaceJaw(p, 0);
            case VertexRole.SlitCorner:
                return FaceJaw(p, 0.5);
            case VertexRole.Skin or VertexRole.UpperLip or VertexRole.LowerLip or VertexRole.SlitUpper or VertexRole.SlitLower:
                return FaceJaw(p, tag.Below ? 1 : 0);
            default:
                return 0;
        }
    }

    /// <summary>
    /// Jaw weight of the face: inside the mouth it is 1 below the lip line and 0 above; towards the cheeks it blends
    /// into a smooth vertical ramp, and it fades out behind the hinge.
    /// </summary>
    private double FaceJaw(Vec3 p, double side)
    {
        var lateral = Ramp(Math.Abs(p.X), 0.55 * cornerX, 1.5 * cornerX);
        var vertical = Ramp(p.Y, rig.MouthY + 0.02, rig.MouthY - 0.3);
        var front = Ramp(p.Z, -0.35, 0.15);
        return (side + ((vertical - side) * lateral)) * front;
    }

    private static Vec3 LipsPart(VertexTag tag)
    {
        var open = Taper(tag.S, 0.6);
        const double Up = 0.012, Down = -0.016;
        return tag.Role switch
        {
            VertexRole.SlitUpper => new Vec3(0, Up * open, 0.003 * open),
            VertexRole.SlitLower => new Vec3(0, Down * open, 0.003 * open),
            VertexRole.UpperLip => new Vec3(0, Up * open * (1 - tag.T) * 0.7, 0),
            VertexRole.LowerLip => new Vec3(0, Down * open * (1 - tag.T) * 0.7, 0),
            VertexRole.PocketUpper when tag.T <= 2 => new Vec3(0, Up * open * (1 - (tag.T / 2.5)), 0),
            VertexRole.PocketLower when tag.T <= 2 => new Vec3(0, Down * open * (1 - (tag.T / 2.5)), 0),
            _ => default,
        };
    }

    /// <summary>Field around the mouth: 1 on the lips and the front of the pocket, a soft bump on the skin.</summary>
    private double MouthRegion(Vec3 p, VertexTag tag) => tag.Role switch
    {
        _ when IsLipPart(tag.Role) => 1,
        VertexRole.PocketUpper or VertexRole.PocketLower => Math.Max(0, 1 - (tag.T / 4)),
        VertexRole.Skin => Gauss(p.X / 0.3, (p.Y - rig.MouthY) / 0.16) * Ramp(p.Z, 0.3, 0.6),
        _ => 0,
    };

    private Vec3 Protrude(Vec3 p, VertexTag tag, double forward, double narrow, double openUp, double openDown)
    {
        var region = MouthRegion(p, tag);
        var offset = new Vec3(-narrow * p.X * region, 0, forward * region);
        var round = Taper(tag.S, 0.5);
        var open = tag.Role switch
        {
            VertexRole.SlitUpper => openUp * round,
            VertexRole.SlitLower => -openDown * round,
            VertexRole.UpperLip => openUp * round * (1 - tag.T) * 0.8,
            VertexRole.LowerLip => -openDown * round * (1 - tag.T) * 0.8,
            VertexRole.PocketUpper when tag.T <= 2 => openUp * round * (1 - (tag.T / 3)),
            VertexRole.PocketLower when tag.T <= 2 => -openDown * round * (1 - (tag.T / 3)),
            _ => 0,
        };
        return offset + new Vec3(0, open, 0);
    }

    private double CornerField(Vec3 p, double sigma) => Gauss((Math.Abs(p.X) - cornerX) / sigma, (p.Y - rig.MouthY) / sigma);

    private Vec3 CornerPull(Vec3 p, VertexTag tag)
    {
        if (!IsFace(tag.Role))
        {
            return default;
        }

        var c = CornerField(p, 0.1) * Ramp(p.Z, 0.2, 0.5);
        var offset = new Vec3(Math.Sign(p.X) * 0.045 * c, 0.035 * c, -0.02 * c);
        if (tag.Role == VertexRole.Skin)
        {
            var cheek = Gauss((Math.Abs(p.X) - 0.35) / 0.12, (p.Y + 0.2) / 0.12) * Ramp(p.Z, 0.3, 0.6);
            offset += new Vec3(0, 0.01 * cheek, 0.015 * cheek);
        }

        if (tag.Role == VertexRole.SlitUpper)
        {
            offset += new Vec3(0, 0.004 * Taper(tag.S, 0.6), 0);
        }

        return offset;
    }

    private Vec3 Stretch(Vec3 p, VertexTag tag)
    {
        if (!IsFace(tag.Role))
        {
            return default;
        }

        var c = CornerField(p, 0.12) * Ramp(p.Z, 0.2, 0.5);
        var offset = new Vec3(Math.Sign(p.X) * 0.05 * c, -0.012 * c, 0);
        if (tag.Role is VertexRole.UpperLip or VertexRole.LowerLip)
        {
            offset += new Vec3(0, 0, -0.012 * Taper(tag.S, 0.6));
        }

        return offset;
    }

    private Vec3 UpperLipRaise(Vec3 p, VertexTag tag)
    {
        var lift = tag.Role switch
        {
            VertexRole.UpperLip or VertexRole.SlitUpper => Taper(tag.S, 0.5),
            VertexRole.PocketUpper when tag.T <= 2 => Taper(tag.S, 0.5) * (1 - (tag.T / 3)),
            VertexRole.Skin when !tag.Below && p.Y > rig.MouthY => Gauss(p.X / 0.22, (p.Y - (rig.MouthY + 0.12)) / 0.12) * Ramp(p.Z, 0.3, 0.6),
            _ => 0,
        };
        var alae = tag.Role == VertexRole.Skin ? 0.01 * Gauss((Math.Abs(p.X) - 0.1) / 0.06, (p.Y - rig.SubnasaleY) / 0.06) : 0;
        return new Vec3(0, (0.03 * lift) + alae, 0);
    }

    private Vec3 ChinRaise(Vec3 p, VertexTag tag)
    {
        var lip = Taper(tag.S, 0.6);
        return tag.Role switch
        {
            VertexRole.Skin when tag.Below => new Vec3(0, 0.03, 0.015) * (Gauss(p.X / 0.25, (p.Y - (rig.ChinY + 0.15)) / 0.18) * Ramp(p.Z, 0.2, 0.5)),
            VertexRole.LowerLip => new Vec3(0, 0.012 * tag.T * lip, 0.015 * lip),
            VertexRole.SlitLower => new Vec3(0, 0, 0.012 * lip),
            VertexRole.PocketLower when tag.T <= 1 => new Vec3(0, 0, 0.01 * lip),
            _ => default,
        };
    }

    private static Vec3 Brow(Vec3 p, VertexTag tag, double dy, double dx, double dz)
    {
        if (tag.Role is not (VertexRole.Skin or VertexRole.Brow))
        {
            return default;
        }

        var fade = Ramp(p.Y, 0.24, 0.38) * Ramp(p.Z, 0.2, 0.5);
        return new Vec3(dx, dy, dz) * fade;
    }

    private static Vec3 BrowLower(Vec3 p, VertexTag tag)
    {
        var b = Gauss((Math.Abs(p.X) - 0.16) / 0.15, (p.Y - 0.45) / 0.15);
        return Brow(p, tag, -0.035 * b, -Math.Sign(p.X) * 0.02 * b, 0.01 * b);
    }

    private Vec3 CheekRaise(Vec3 p, VertexTag tag)
    {
        switch (tag.Role)
        {
            case VertexRole.LowerLid:
                return Lid(p, tag, Deg(-7));
            case VertexRole.UpperLid:
                return Lid(p, tag, Deg(2));
            case VertexRole.Skin:
                var c = Gauss((Math.Abs(p.X) - 0.38) / 0.14, (p.Y - 0.05) / 0.13) * Ramp(p.Z, 0.3, 0.6);
                return new Vec3(0, 0.03 * c, 0.02 * c);
            default:
                return default;
        }
    }

    /// <summary>Rotates a lid vertex about its eye's horizontal axis (positive closes the upper lid).</summary>
    private Vec3 Lid(Vec3 p, VertexTag tag, double angle) => p.RotateX(rig.EyeCenters[tag.Eye], angle) - p;
}
