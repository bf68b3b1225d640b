using System.Collections.Frozen;

namespace Inkport.Conversion;

/// <summary>The kinds of online document an import can produce, with their wire names.</summary>
public enum ImportTarget { Docx, Sheet, Bitable }

public static class ImportTargets
{
    public static string WireName(this ImportTarget target) => target switch
    {
        ImportTarget.Docx => "docx",
        ImportTarget.Sheet => "sheet",
        _ => "bitable",
    };

    public static bool TryParse(string? wire, out ImportTarget target)
    {
        switch (wire)
        {
            case "docx": target = ImportTarget.Docx; return true;
            case "sheet": target = ImportTarget.Sheet; return true;
            case "bitable": target = ImportTarget.Bitable; return true;
            default: target = default; return false;
        }
    }
}

/// <summary>One cell of the import matrix: a source extension into a target, its size limit, and the
/// converter that does it — a docx converter for docx targets, a spreadsheet converter for sheet and bitable.</summary>
public sealed record ImportFormat(string Extension, ImportTarget Target, long MaxBytes)
{
    public IDocxConverter? DocxConverter { get; init; }
    public ISpreadsheetConverter? SpreadsheetConverter { get; init; }
}

/// <summary>The one (extension × target) matrix of spec/03 §3, with the per-format size limits
/// of the 2024 import guide. Built once, immutable; nothing else switches on file extensions.</summary>
public static class ImportFormats
{
    private const long MB = 1024 * 1024;

    private static readonly FrozenDictionary<(string, ImportTarget), ImportFormat> Matrix = Build();

    private static FrozenDictionary<(string, ImportTarget), ImportFormat> Build()
    {
        var markdown = new Formats.Markdown.MarkdownConverter();
        var text = new Formats.Text.TextConverter();
        var csv = new Formats.Csv.CsvConverter();
        var xls = new Formats.Xls.XlsConverter();
        var xlsx = new Formats.Xlsx.XlsxConverter();
        var html = new Formats.Html.HtmlConverter();
        // Word's altChunk parts (embedded HTML) convert through the HTML converter.
        var word = new Formats.Docx.WordConverter(htmlChunks: html);
        ImportFormat[] formats =
        [
            new("docx", ImportTarget.Docx, 600 * MB) { DocxConverter = word },
            new("doc", ImportTarget.Docx, 600 * MB) { DocxConverter = new Formats.Doc.DocConverter() },
            new("txt", ImportTarget.Docx, 20 * MB) { DocxConverter = text },
            new("md", ImportTarget.Docx, 20 * MB) { DocxConverter = markdown },
            new("mark", ImportTarget.Docx, 20 * MB) { DocxConverter = markdown },
            new("markdown", ImportTarget.Docx, 20 * MB) { DocxConverter = markdown },
            new("html", ImportTarget.Docx, 20 * MB) { DocxConverter = html },
            new("xlsx", ImportTarget.Sheet, 800 * MB) { SpreadsheetConverter = xlsx },
            new("xlsx", ImportTarget.Bitable, 800 * MB) { SpreadsheetConverter = xlsx },
            new("xls", ImportTarget.Sheet, 20 * MB) { SpreadsheetConverter = xls },
            new("csv", ImportTarget.Sheet, 20 * MB) { SpreadsheetConverter = csv },
            new("csv", ImportTarget.Bitable, 100 * MB) { SpreadsheetConverter = csv },
        ];
        if (formats.FirstOrDefault(f => (f.Target == ImportTarget.Docx ? f.DocxConverter : (object?)f.SpreadsheetConverter) is null) is { } missing)
            throw new InvalidOperationException($"{missing.Extension} → {missing.Target} has no converter");
        return formats.ToFrozenDictionary(f => (f.Extension, f.Target));
    }

    public static IEnumerable<ImportFormat> All => Matrix.Values;

    /// <summary>The format for an exact (case-sensitive, as Feishu compares) extension and target.</summary>
    public static ImportFormat? Find(string extension, ImportTarget target) =>
        Matrix.GetValueOrDefault((extension, target));

    public static bool IsKnownExtension(string extension) => Matrix.Keys.Any(k => k.Item1 == extension);
}
