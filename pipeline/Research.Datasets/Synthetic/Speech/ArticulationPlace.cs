namespace Research.Datasets.Synthetic.Speech;

/// <summary>Where a consonant is made; decides the lip shape and the noise band of bursts and fricatives.</summary>
public enum ArticulationPlace
{
    /// <summary>Vowels and pauses.</summary>
    None,

    /// <summary>Both lips (P B M): the lips close.</summary>
    Bilabial,

    /// <summary>Lower lip against the upper teeth (F V).</summary>
    Labiodental,

    /// <summary>Tongue at the teeth (TH).</summary>
    Dental,

    /// <summary>Tongue at the ridge behind the teeth (T D S Z N L).</summary>
    Alveolar,

    /// <summary>Just behind the ridge (SH R).</summary>
    Postalveolar,

    /// <summary>Hard palate (Y).</summary>
    Palatal,

    /// <summary>Soft palate (K G NG).</summary>
    Velar,

    /// <summary>Rounded lips with the tongue back (W); the lips narrow but do not close.</summary>
    LabialVelar,
}
