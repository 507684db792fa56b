namespace Research.Datasets.Synthetic.Speech;

/// <summary>Manner of a phoneme: how the synthesiser makes it and how long it lasts.</summary>
public enum PhonemeClass
{
    /// <summary>A pause (<c>sil</c>).</summary>
    Silence,

    /// <summary>Voiced, steady formants.</summary>
    Vowel,

    /// <summary>Closure (silence or a voice bar) then a noise burst at release.</summary>
    Plosive,

    /// <summary>Band-pass noise, plus voicing when voiced.</summary>
    Fricative,

    /// <summary>Low voiced murmur with damped upper formants.</summary>
    Nasal,

    /// <summary>Vowel-like but weaker, with consonant formant targets.</summary>
    Approximant,
}
