using Inkport.Conversion.Formats.Xls;

namespace Inkport.Conversion.Tests;

/// <summary>The spreadsheet suite on the workbook saved as Excel 97–2003.</summary>
public sealed class XlsSuite : SpreadsheetSuite
{
    protected override string Extension => "xls";
    protected override ISpreadsheetConverter Converter { get; } = new XlsConverter();
}
