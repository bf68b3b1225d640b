using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>A ".doc" upload into a block document. The content decides, not the name:
/// <list type="bullet">
/// <item>an OLE compound file with a WordDocument stream is read as Word 97–2003 binary
/// (<see cref="WordBinaryReader"/>); Word 6.0/95 files in the same container fail with 113, encrypted
/// ones (and password-protected OOXML, also a compound file) with 100;</item>
/// <item>Word 2003 XML (WordprocessingML 2003) is read as what it is (<see cref="WordMl2003Reader"/>);</item>
/// <item>WinWord 1.x/2.0 and Word for DOS/Mac binaries, RTF, and zip (docx) files named .doc are
/// Office formats this import does not take: 113;</item>
/// <item>anything else, and any structure that does not hold together, is corrupt: 129.</item>
/// </list></summary>
public sealed class DocConverter : IDocxConverter
{
    public DocxConversion Convert(Stream source, ConversionOptions options)
    {
        var warnings = new Warnings();
        var media = new List<MediaItem>();
        var seekable = source.CanSeek ? source : Buffer(source);
        try
        {
            var items = Read(seekable, options, warnings, media);
            var blocks = new WordBlockBuilder(options).Build(items);
            var document = DocxLimits.Apply(blocks, media, options, warnings);
            return new DocxConversion(document, warnings.Codes);
        }
        finally
        {
            if (!ReferenceEquals(seekable, source)) seekable.Dispose();
        }
    }

    private static List<WordItem> Read(Stream source, ConversionOptions options, Warnings warnings, List<MediaItem> media)
    {
        source.Position = 0;
        var head = new byte[CompoundFile.HeaderSize];
        var length = source.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        source.Position = 0;
        var prefix = head.AsSpan(0, length);

        if (CompoundFile.HasSignature(prefix))
        {
            var file = CompoundFile.Open(source, options.Cancellation);
            return WordBinaryReader.Read(file, options, warnings, media);
        }
        switch (Sniff(prefix))
        {
            case Kind.Xml:
                return WordMl2003Reader.Read(source, options, warnings, media);
            case Kind.OldWord:
                throw ConversionException.OfficeUnsupported("Word for Windows 1.x/2.0 (or DOS/Mac Word) binary; save it as Word 97-2003 or newer");
            case Kind.Rtf:
                throw ConversionException.OfficeUnsupported("an RTF file named .doc; import it as what it is");
            case Kind.Zip:
                throw ConversionException.OfficeUnsupported("a zip package (docx) named .doc; import it as docx");
            default:
                throw ConversionException.Corrupt(length == 0 ? "the file is empty" : "not a Word document (no compound file, WordprocessingML or known Word signature)", "offset 0");
        }
    }

    private enum Kind { Unknown, Xml, OldWord, Rtf, Zip }

    private static Kind Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2)
        {
            var ident = head[0] | head[1] << 8;
            // WinWord 1.x (0xA59B) and 2.0 (0xA5DB); Word for DOS (0xBE31) and Mac Word (0xFE37) files.
            if (ident is 0xA59B or 0xA5DB or 0xBE31 or 0xFE37) return Kind.OldWord;
        }
        if (head.StartsWith("PK\x03\x04"u8)) return Kind.Zip;
        var text = SkipBomAndSpace(head);
        if (text.StartsWith("{\\rtf"u8)) return Kind.Rtf;
        if (text.StartsWith("<"u8) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Kind.Xml;
        return Kind.Unknown;
    }

    private static ReadOnlySpan<byte> SkipBomAndSpace(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        while (!head.IsEmpty && head[0] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') head = head[1..];
        return head;
    }

    /// <summary>A non-seekable source is copied once into memory (the upload size limit bounds it).</summary>
    private static MemoryStream Buffer(Stream source)
    {
        var copy = new MemoryStream();
        source.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}
