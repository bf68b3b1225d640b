using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Csv;

/// <summary>CSV into one sheet, streamed row by row.</summary>
public sealed class CsvConverter : ISpreadsheetConverter
{
    public IReadOnlyList<string> Convert(Stream source, ConversionOptions options, ISpreadsheetSink sink) => throw new NotImplementedException();
}
