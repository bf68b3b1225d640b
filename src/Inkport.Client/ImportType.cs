namespace Inkport.Client;

/// <summary>The online document an import produces (the task's `type`).</summary>
public enum ImportType
{
    /// <summary>A block document ("docx").</summary>
    Docx,
    /// <summary>A spreadsheet ("sheet").</summary>
    Sheet,
    /// <summary>A base, or multidimensional table ("bitable").</summary>
    Bitable,
}

/// <summary>Wire names of <see cref="ImportType"/>.</summary>
public static class ImportTypes
{
    /// <summary>"docx", "sheet" or "bitable".</summary>
    public static string ToWire(this ImportType type) => type switch
    {
        ImportType.Docx => "docx",
        ImportType.Sheet => "sheet",
        ImportType.Bitable => "bitable",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses a wire name (case-insensitive).</summary>
    public static bool TryParse(string? wire, out ImportType type)
    {
        foreach (var candidate in Enum.GetValues<ImportType>())
        {
            if (string.Equals(candidate.ToWire(), wire, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }
}
