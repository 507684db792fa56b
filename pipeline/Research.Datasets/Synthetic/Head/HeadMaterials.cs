using Research.Datasets.ErNerf;
using Research.Datasets.Synthetic.Rendering;

namespace Research.Datasets.Synthetic.Head;

/// <summary>Material indices of the head mesh and the material list for an identity.</summary>
internal static class HeadMaterials
{
    public const byte Skin = 0;
    public const byte Lips = 1;
    public const byte InnerLip = 2;
    public const byte EyeWhite = 3;
    public const byte Iris = 4;
    public const byte Pupil = 5;
    public const byte Eyelid = 6;
    public const byte Brow = 7;
    public const byte Ear = 8;
    public const byte Cavity = 9;
    public const byte Tongue = 10;
    public const byte Teeth = 11;
    public const byte Gums = 12;
    public const byte Hair = 13;
    public const byte Neck = 14;
    public const byte Cloth = 15;
    public const byte Trim = 16;

    public static SurfaceMaterial[] Create(HeadIdentity identity)
    {
        var skin = identity.SkinColor;
        return
        [
            new("skin", skin, ParsingClass.Face, Specular: 0.05f),
            new("lips", identity.LipColor, ParsingClass.Face, Specular: 0.18f),
            new("inner-lip", identity.LipColor.Lerp(new RgbColor(0.6f, 0.25f, 0.27f), 0.4), ParsingClass.Face, Specular: 0.25f, TwoSided: true),
            new("eye-white", new RgbColor(0.93f, 0.91f, 0.88f), ParsingClass.Face, Specular: 0.6f),
            new("iris", identity.IrisColor, ParsingClass.Face, Specular: 0.6f),
            new("pupil", new RgbColor(0.04f, 0.03f, 0.03f), ParsingClass.Face, Specular: 0.6f),
            new("eyelid", skin.Multiply(new RgbColor(0.97f, 0.9f, 0.88f)), ParsingClass.Face, Specular: 0.05f),
            new("brow", identity.BrowColor, ParsingClass.Face),
            new("ear", skin.Multiply(new RgbColor(1f, 0.93f, 0.9f)), ParsingClass.Face, Specular: 0.03f),
            new("mouth-cavity", new RgbColor(0.42f, 0.13f, 0.13f), ParsingClass.InnerMouth, TwoSided: true),
            new("tongue", new RgbColor(0.78f, 0.38f, 0.4f), ParsingClass.InnerMouth, Specular: 0.2f),
            new("teeth", new RgbColor(0.95f, 0.93f, 0.86f), ParsingClass.InnerMouth, IsTeeth: true, Specular: 0.3f, TwoSided: true),
            new("gums", new RgbColor(0.8f, 0.42f, 0.45f), ParsingClass.InnerMouth, Specular: 0.15f, TwoSided: true),
            new("hair", identity.HairColor, ParsingClass.Hair, Specular: 0.12f, TwoSided: true),
            new("neck", skin.Multiply(new RgbColor(0.97f, 0.95f, 0.95f)), ParsingClass.Neck, Specular: 0.03f),
            new("cloth", identity.ClothColor, ParsingClass.Cloth),
            new("collar", identity.TrimColor, ParsingClass.Cloth),
        ];
    }
}
