namespace Research.Datasets.Synthetic.Head;

/// <summary>Hair shapes of the synthetic head.</summary>
public enum Hairstyle
{
    /// <summary>Short hair following the skull, with sideburns.</summary>
    ShortCrop,

    /// <summary>Voluminous hair falling behind the ears to the shoulders.</summary>
    Long,

    /// <summary>Hair pulled back into a bun at the back of the head.</summary>
    Bun,

    /// <summary>Short hair with a high, receding hairline.</summary>
    Receding,

    /// <summary>Bald crown with a horseshoe fringe over the ears and the back.</summary>
    Bald,
}
