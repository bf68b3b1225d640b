using System.Text;

namespace Inkport.Conversion.Formats.Xlsx;

/// <summary>The shared string table, read once (cells index it at random) and held within
/// <see cref="MaxBytes"/>. Rich-text runs are concatenated, phonetic runs (<c>rPh</c>) ignored,
/// <c>_xHHHH_</c> escapes decoded. Strings longer than the cell limit are stored cut and
/// remembered, so the 2005 warning is raised only when a kept cell uses one.</summary>
internal sealed class SharedStrings
{
    /// <summary>Budget for the table: UTF-16 bytes plus <see cref="PerStringOverhead"/> each.
    /// Past it the import fails as too large (115) instead of exhausting memory.</summary>
    public const long MaxBytes = 512L << 20;

    private const int PerStringOverhead = 32;
    private const int CancellationStride = 4096;

    private readonly List<string> _strings = [];
    private HashSet<int>? _truncated;

    public static readonly SharedStrings None = new();

    public int Count => _strings.Count;

    public string? Get(int index, out bool truncated)
    {
        truncated = _truncated is not null && _truncated.Contains(index);
        return (uint)index < (uint)_strings.Count ? _strings[index] : null;
    }

    public static SharedStrings Read(Stream part, string name, int maxChars, CancellationToken cancellation)
    {
        var table = new SharedStrings();
        var scanner = new Utf8XmlScanner(part, name);
        var text = new StringBuilder();
        long bytes = 0;
        while (scanner.Read())
        {
            if (scanner.Token != XmlToken.StartElement || scanner.Depth != 1 || !scanner.LocalName.SequenceEqual("si"u8)) continue;
            if (table._strings.Count % CancellationStride == 0) cancellation.ThrowIfCancellationRequested();
            text.Clear();
            ReadRichText(scanner, text);
            var value = XlsxText.Decode(text);
            bytes += value.Length * 2L + PerStringOverhead;
            if (bytes > MaxBytes)
                throw ConversionException.TooLarge($"the shared strings exceed the {MaxBytes >> 20} MB budget");
            if (value.Length > maxChars)
            {
                value = XlsxText.Cut(value, maxChars);
                (table._truncated ??= []).Add(table._strings.Count);
            }
            table._strings.Add(value);
        }
        return table;
    }

    /// <summary>Appends the text of an <c>si</c> or <c>is</c> element: its <c>t</c>, and the <c>t</c> of each <c>r</c>.</summary>
    public static void ReadRichText(Utf8XmlScanner scanner, StringBuilder text)
    {
        if (scanner.IsEmptyElement) return;
        var depth = scanner.Depth;
        while (scanner.Read())
        {
            if (scanner.Token == XmlToken.EndElement && scanner.Depth == depth) return;
            if (scanner.Token != XmlToken.StartElement) continue;
            var name = scanner.LocalName;
            if (name.SequenceEqual("t"u8)) XlsxText.AppendUtf8(text, scanner.ReadContent());
            else if (!name.SequenceEqual("r"u8)) scanner.Skip();
        }
    }
}
