using Inkport.Conversion.Model;

namespace Inkport.Conversion.Bitable;

/// <summary>Infers a table's fields from a spreadsheet's rows in one streaming pass: the first row
/// names the fields, every later cell is observed, and <see cref="Fields"/> decides the types.
/// Values are rendered per field afterwards with <see cref="RecordValues"/>.</summary>
public sealed class BitableInference
{
    public BitableInference(ConversionLimits limits) => throw new NotImplementedException();

    /// <summary>Feed the header row (row 0 of the sheet).</summary>
    public void Header(IReadOnlyList<Cell> cells) => throw new NotImplementedException();

    /// <summary>Feed one data row.</summary>
    public void Observe(IReadOnlyList<Cell> cells) => throw new NotImplementedException();

    /// <summary>The inferred fields, in column order; the first is the primary field.</summary>
    public IReadOnlyList<BitableField> Fields() => throw new NotImplementedException();

    /// <summary>Extra codes (3003 too many columns, ...) of what was dropped.</summary>
    public IReadOnlyList<string> Warnings => throw new NotImplementedException();
}

/// <summary>Renders a raw cell as a record value in the wire shape of spec/07 §6 for its field:
/// text segments, number, option name(s), Unix ms, bool, {text, link}, phone string.
/// Null means the cell is empty for this field and is omitted from the record.</summary>
public static class RecordValues
{
    public static object? Render(Cell cell, BitableField field) => throw new NotImplementedException();
}
