namespace Inkport.Client;

/// <summary>A finished import: the document it produced and the truncation hints (`extra`) it reported.</summary>
/// <param name="Ticket">The import task's ticket.</param>
/// <param name="Type">The document type.</param>
/// <param name="Token">The document's token: docx document_id, spreadsheet token or bitable app_token.</param>
/// <param name="Url">The document's browser URL.</param>
/// <param name="Extra">Hint codes such as "1000" (content truncated); see <see cref="ImportExtraCodes"/>.</param>
public sealed record ImportResult(string Ticket, ImportType Type, string Token, string Url, IReadOnlyList<string> Extra);

/// <summary>Meanings of the `extra` hint codes of a successful import (spec/03 §2.3).</summary>
public static class ImportExtraCodes
{
    private static readonly Dictionary<string, string> Meanings = new()
    {
        ["1000"] = "docx: more than 20,000 blocks; the rest was dropped",
        ["1001"] = "docx: a table over 2,000 cells; the rest was dropped",
        ["1002"] = "docx: a table over 100 columns; the rest was dropped",
        ["1003"] = "docx: a paragraph over 100,000 characters; the rest was dropped",
        ["1005"] = "docx: some images failed to upload",
        ["2000"] = "sheet: too many columns; the rest was dropped",
        ["2001"] = "sheet: too many cells; the rest was dropped",
        ["2002"] = "sheet: more than 4,000 images; the rest was dropped",
        ["2003"] = "drive storage insufficient",
        ["2004"] = "sheet: some images failed to upload",
        ["2005"] = "sheet: cell text too long; the rest was dropped",
        ["3000"] = "bitable: images outside the data rows were dropped",
        ["3001"] = "bitable: images outside the data columns were dropped",
        ["3003"] = "bitable: too many columns; the rest was dropped",
        ["3004"] = "bitable: too many cells; the rest was dropped",
        ["3005"] = "bitable: more than 4,000 images; the rest was dropped",
        ["3006"] = "bitable: some images failed to upload",
    };

    /// <summary>What a hint code means, or "unknown hint" for a code the documentation does not list.</summary>
    public static string Describe(string code) => Meanings.GetValueOrDefault(code, $"unknown hint {code}");
}
