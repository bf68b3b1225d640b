using Inkport.Conversion.Formats.Xlsx;

namespace Inkport.Conversion.Tests;

/// <summary>The spreadsheet suite on the workbook saved as xlsx.</summary>
public sealed class XlsxSuite : SpreadsheetSuite
{
    protected override string Extension => "xlsx";
    protected override ISpreadsheetConverter Converter { get; } = new XlsxConverter();
}
