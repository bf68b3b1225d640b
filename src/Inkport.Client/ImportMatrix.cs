using System.Collections.Frozen;

namespace Inkport.Client;

/// <summary>Which source extension imports into which document types, and how large it may be:
/// the 2024 import guide's table (spec/03 §3), checked before uploading as Feishu's own CLI does.</summary>
public static class ImportMatrix
{
    private const long MB = 1024 * 1024;

    /// <summary>Per extension: the targets in order of preference (the first is the default) and their size limits.</summary>
    private static readonly FrozenDictionary<string, (ImportType Type, long MaxBytes)[]> Rows =
        new Dictionary<string, (ImportType, long)[]>
        {
            ["docx"] = [(ImportType.Docx, 600 * MB)],
            ["doc"] = [(ImportType.Docx, 600 * MB)],
            ["txt"] = [(ImportType.Docx, 20 * MB)],
            ["md"] = [(ImportType.Docx, 20 * MB)],
            ["mark"] = [(ImportType.Docx, 20 * MB)],
            ["markdown"] = [(ImportType.Docx, 20 * MB)],
            ["html"] = [(ImportType.Docx, 20 * MB)],
            ["xlsx"] = [(ImportType.Sheet, 800 * MB), (ImportType.Bitable, 800 * MB)],
            ["xls"] = [(ImportType.Sheet, 20 * MB)],
            ["csv"] = [(ImportType.Sheet, 20 * MB), (ImportType.Bitable, 100 * MB)],
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every importable extension (lower case, without the dot).</summary>
    public static IEnumerable<string> Extensions => Rows.Keys;

    /// <summary>The file's extension as the API wants it: lower case, without the dot ("" when none).</summary>
    public static string ExtensionOf(string fileName) => Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();

    /// <summary>The default target of an extension, or null when the extension cannot be imported.</summary>
    public static ImportType? DefaultTarget(string extension) => Rows.TryGetValue(extension, out var row) ? row[0].Type : null;

    /// <summary>The size limit of (extension, type), or null when that pair cannot be imported.</summary>
    public static long? MaxBytes(string extension, ImportType type) =>
        Rows.TryGetValue(extension, out var row) && row.Any(r => r.Type == type) ? row.First(r => r.Type == type).MaxBytes : null;

    /// <summary>Whether (extension, type) is a pair the import API accepts.</summary>
    public static bool IsSupported(string extension, ImportType type) => MaxBytes(extension, type) is not null;
}
