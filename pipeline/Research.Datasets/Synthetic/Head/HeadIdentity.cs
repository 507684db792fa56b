using Research.Datasets.Synthetic.Randomness;
using Research.Datasets.Synthetic.Rendering;

namespace Research.Datasets.Synthetic.Head;

/// <summary>
/// Everything that makes one synthetic person look different from another: head proportions, colours, hair and
/// clothing. <see cref="FromSeed"/> draws a plausible set; equal seeds give equal identities.
/// </summary>
public sealed record HeadIdentity
{
    /// <summary>The seed the identity was drawn from (informational).</summary>
    public int Seed { get; init; }

    /// <summary>Head width scale (1 = 1.5 tracking units, about 15 cm).</summary>
    public double HeadWidth { get; init; } = 1;

    /// <summary>Cranium height scale (crown above the eyes).</summary>
    public double HeadHeight { get; init; } = 1;

    /// <summary>Head depth scale (front to back).</summary>
    public double HeadDepth { get; init; } = 1;

    /// <summary>Jaw width at the chin relative to the head width (0.84–0.98).</summary>
    public double JawWidth { get; init; } = 0.9;

    /// <summary>Extra chin length in tracking units (negative: shorter).</summary>
    public double ChinLength { get; init; }

    /// <summary>Nose length and projection scale.</summary>
    public double NoseSize { get; init; } = 1;

    /// <summary>Nose width scale.</summary>
    public double NoseWidth { get; init; } = 1;

    /// <summary>Lip height and protrusion scale.</summary>
    public double LipFullness { get; init; } = 1;

    /// <summary>Eyebrow thickness scale.</summary>
    public double BrowThickness { get; init; } = 1;

    /// <summary>Skin colour.</summary>
    public RgbColor SkinColor { get; init; } = new(0.85f, 0.66f, 0.53f);

    /// <summary>Lip colour.</summary>
    public RgbColor LipColor { get; init; } = new(0.72f, 0.38f, 0.36f);

    /// <summary>Iris colour.</summary>
    public RgbColor IrisColor { get; init; } = new(0.35f, 0.22f, 0.12f);

    /// <summary>Hair colour.</summary>
    public RgbColor HairColor { get; init; } = new(0.16f, 0.1f, 0.07f);

    /// <summary>Eyebrow colour.</summary>
    public RgbColor BrowColor { get; init; } = new(0.14f, 0.09f, 0.06f);

    /// <summary>Shirt colour.</summary>
    public RgbColor ClothColor { get; init; } = new(0.25f, 0.35f, 0.55f);

    /// <summary>Collar trim colour.</summary>
    public RgbColor TrimColor { get; init; } = new(0.9f, 0.9f, 0.88f);

    /// <summary>Hair shape.</summary>
    public Hairstyle Hairstyle { get; init; }

    /// <summary>Hairline position in [0, 1] (0 low on the forehead, 1 high).</summary>
    public double HairlineHeight { get; init; } = 0.5;

    /// <summary>Hair thickness scale.</summary>
    public double HairVolume { get; init; } = 1;

    /// <summary>Seed of the background plate.</summary>
    public int BackgroundSeed { get; init; }

    /// <summary>Draws an identity from a seed.</summary>
    public static HeadIdentity FromSeed(int seed)
    {
        var random = new SeededRandom(seed, 0x1D);
        RgbColor[] skinTones =
        [
            new(0.96f, 0.8f, 0.69f), new(0.9f, 0.7f, 0.56f), new(0.78f, 0.57f, 0.42f),
            new(0.6f, 0.42f, 0.3f), new(0.42f, 0.29f, 0.2f), new(0.3f, 0.2f, 0.14f),
        ];
        RgbColor[] hairColors =
        [
            new(0.05f, 0.045f, 0.04f), new(0.15f, 0.09f, 0.06f), new(0.3f, 0.19f, 0.11f),
            new(0.45f, 0.2f, 0.1f), new(0.72f, 0.57f, 0.36f), new(0.58f, 0.57f, 0.55f),
        ];
        RgbColor[] irisColors =
        [
            new(0.3f, 0.17f, 0.08f), new(0.45f, 0.33f, 0.14f), new(0.28f, 0.42f, 0.62f),
            new(0.3f, 0.44f, 0.3f), new(0.45f, 0.5f, 0.55f), new(0.14f, 0.08f, 0.05f),
        ];

        var skinPosition = random.NextDouble() * (skinTones.Length - 1);
        var skinIndex = Math.Min((int)skinPosition, skinTones.Length - 2);
        var skin = skinTones[skinIndex].Lerp(skinTones[skinIndex + 1], skinPosition - skinIndex);
        skin = new RgbColor(
            (float)(skin.R * random.NextDouble(0.97, 1.03)),
            (float)(skin.G * random.NextDouble(0.97, 1.03)),
            (float)(skin.B * random.NextDouble(0.95, 1.05)));
        var lipTone = random.NextDouble(0.9, 1.1);
        var lip = new RgbColor(skin.R * 0.86f, skin.G * 0.55f, skin.B * 0.6f).Scale(lipTone);
        var hair = hairColors[random.NextInt(hairColors.Length)].Scale(random.NextDouble(0.85, 1.15));
        var brow = hair.Scale(0.75).Lerp(new RgbColor(0.1f, 0.07f, 0.05f), 0.3);
        var style = (Hairstyle)random.NextInt(Enum.GetValues<Hairstyle>().Length);
        var clothHue = random.NextDouble();
        var cloth = RgbColor.FromHsv(clothHue, random.NextDouble(0.15, 0.7), random.NextDouble(0.2, 0.8));
        var trim = random.NextBool(0.5) ? RgbColor.FromHsv(clothHue + 0.5, random.NextDouble(0, 0.3), random.NextDouble(0.7, 0.95)) : cloth.Scale(0.7);

        return new HeadIdentity
        {
            Seed = seed,
            HeadWidth = random.NextDouble(0.93, 1.07),
            HeadHeight = random.NextDouble(0.93, 1.07),
            HeadDepth = random.NextDouble(0.94, 1.06),
            JawWidth = random.NextDouble(0.84, 0.98),
            ChinLength = random.NextDouble(-0.05, 0.08),
            NoseSize = random.NextDouble(0.85, 1.2),
            NoseWidth = random.NextDouble(0.85, 1.2),
            LipFullness = random.NextDouble(0.8, 1.25),
            BrowThickness = random.NextDouble(0.7, 1.4),
            SkinColor = skin,
            LipColor = lip,
            IrisColor = irisColors[random.NextInt(irisColors.Length)],
            HairColor = hair,
            BrowColor = brow,
            ClothColor = cloth,
            TrimColor = trim,
            Hairstyle = style,
            HairlineHeight = random.NextDouble(0, 1),
            HairVolume = random.NextDouble(0.75, 1.3),
            BackgroundSeed = (int)(random.NextUInt64() >> 33),
        };
    }
}
