using Research.Datasets.Synthetic.Animation;

namespace Research.Datasets.Synthetic.Camera;

/// <summary>
/// Where the synthetic head sits in front of the tracking camera, and how a <see cref="HeadPose"/> becomes the
/// head-to-camera transform written to <c>transforms_*.json</c>.
/// </summary>
/// <remarks>
/// Head space is the tracking space of ER-NeRF's face tracker: 1 unit ≈ 10 cm, the head about 1.5 units wide,
/// +Y up, the face looking along +Z (towards the camera). Rotation follows talkinggaussian.md §1 step 9:
/// <c>R = Rx(pitch)·Ry'(yaw)·Rz(roll)</c>, applied about <see cref="NeckPivot"/>, so
/// <c>X_cam = R·(X − p) + p + RestTranslation + (Tx, Ty, Tz) = R·X + t</c> with <c>t = RestTranslation + T + p − R·p</c>.
/// </remarks>
public static class HeadPlacement
{
    /// <summary>Focal length per pixel of image width; 2.0 frames the head (without ears) at about 45–50% of the width at any resolution.</summary>
    public const double FocalPerWidth = 2.0;

    /// <summary>ER-NeRF's world scale: transforms use tracking translations divided by 10.</summary>
    public const double WorldScale = 0.1;

    /// <summary>Head-space origin in camera space at the rest pose (the tracker's initial z is −7).</summary>
    public static (double X, double Y, double Z) RestTranslation => (0, 0.25, -7.0);

    /// <summary>The point the head turns about, in head space: the top of the neck, behind the jaw.</summary>
    public static (double X, double Y, double Z) NeckPivot => (0, -0.8, -0.2);

    /// <summary>The camera for a square or rectangular image: f = 2.0·W, principal point (W/2, H/2).</summary>
    public static PinholeCamera Camera(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        return new PinholeCamera(width, height, FocalPerWidth * width);
    }

    /// <summary><c>R = Rx(θ)·Ry'(φ)·Rz(ψ)</c> with θ = pitch, φ = yaw, ψ = roll, row-major, exactly as in the notes (step 9).</summary>
    public static double[] Rotation(double pitch, double yaw, double roll)
    {
        var (st, ct) = Math.SinCos(pitch);
        var (sp, cp) = Math.SinCos(yaw);
        var (ss, cs) = Math.SinCos(roll);
        double[] rx = [1, 0, 0, 0, ct, -st, 0, st, ct];
        double[] ry = [cp, 0, -sp, 0, 1, 0, sp, 0, cp];
        double[] rz = [cs, -ss, 0, ss, cs, 0, 0, 0, 1];
        return Multiply(Multiply(rx, ry), rz);
    }

    /// <summary>The head-to-camera transform of a pose (rotation about the neck pivot plus the rest translation).</summary>
    public static RigidTransform HeadToCamera(HeadPose pose)
    {
        var r = Rotation(pose.Pitch, pose.Yaw, pose.Roll);
        var (px, py, pz) = NeckPivot;
        var (rx, ry, rz) = RestTranslation;
        double[] t =
        [
            rx + pose.Tx + px - ((r[0] * px) + (r[1] * py) + (r[2] * pz)),
            ry + pose.Ty + py - ((r[3] * px) + (r[4] * py) + (r[5] * pz)),
            rz + pose.Tz + pz - ((r[6] * px) + (r[7] * py) + (r[8] * pz)),
        ];
        return new RigidTransform(r, t);
    }

    private static double[] Multiply(double[] a, double[] b)
    {
        var m = new double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                m[(i * 3) + j] = (a[i * 3] * b[j]) + (a[(i * 3) + 1] * b[3 + j]) + (a[(i * 3) + 2] * b[6 + j]);
            }
        }

        return m;
    }
}
