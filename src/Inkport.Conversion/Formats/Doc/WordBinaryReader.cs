using System.Buffers.Binary;
using System.Text;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>Reads the main document of a Word 97–2003 binary file ([MS-DOC]) into paragraphs and
/// tables: text in character-position order through the piece table, paragraph properties from the
/// PAPX pages and the style sheet (headings, lists, alignment, table marks), character properties
/// from the CHPX pages (bold, italic, underline, strikethrough), fields reduced to their results
/// (hyperlinks kept as links), pictures through <see cref="WordPictures"/>. Headers, footers,
/// footnotes, comments and text boxes are separate stories and are not read.</summary>
internal sealed class WordBinaryReader
{
    /// <summary>The WordDocument stream holds the text and formatting (pictures live in the Data stream):
    /// far below this for any real document, so more is refused rather than loaded.</summary>
    private const int MaxWordDocumentBytes = 256 * 1024 * 1024;
    private const int MaxTableStreamBytes = 64 * 1024 * 1024;
    private const int MaxFieldDepth = 64;
    private const int MaxInstructionChars = 2048;

    private readonly ConversionOptions _options;
    private readonly Warnings _warnings;
    private readonly byte[] _wordDocument;
    private readonly WordFib _fib;
    private readonly WordPieceTable _pieces;
    private readonly WordStyleSheet _styles;
    private readonly WordListTables _lists;
    private readonly WordFkpIndex _characterRuns;
    private readonly WordFkpIndex _paragraphRuns;
    private readonly WordPictures _pictures;
    private readonly Dictionary<(int, int, int, int), (TextElementStyle, bool)> _styleCache = [];

    private WordBinaryReader(CompoundFile file, CompoundFileEntry wordDocument, ConversionOptions options, Warnings warnings, List<MediaItem> media)
    {
        _options = options;
        _warnings = warnings;

        using (var head = file.OpenStream(wordDocument))
        {
            var fibBase = new byte[WordFib.BaseSize];
            if (head.ReadAtLeast(fibBase, fibBase.Length, throwOnEndOfStream: false) < fibBase.Length)
                throw ConversionException.Corrupt("WordDocument stream shorter than its FIB", "FIB");
            WordFib.CheckBase(fibBase);
        }
        _wordDocument = file.ReadStream(wordDocument, MaxWordDocumentBytes);
        _fib = WordFib.Read(_wordDocument);

        var tableName = _fib.UsesTable1 ? "1Table" : "0Table";
        var tableEntry = file.FindRootEntry(tableName) ?? throw ConversionException.Corrupt($"the {tableName} stream the FIB names is missing", "FIB");
        var table = file.ReadStream(tableEntry, MaxTableStreamBytes);

        _pieces = WordPieceTable.Read(_fib.Slice(table, WordFib.Clx), _wordDocument.Length);
        _styles = WordStyleSheet.Read(_fib.Slice(table, WordFib.Stshf));
        _lists = WordListTables.Read(table, _fib.Pair(WordFib.PlfLst), _fib.Pair(WordFib.PlfLfo));
        _characterRuns = new WordFkpIndex(_wordDocument, _fib.Slice(table, WordFib.PlcfBteChpx), paragraphs: false);
        _paragraphRuns = new WordFkpIndex(_wordDocument, _fib.Slice(table, WordFib.PlcfBtePapx), paragraphs: true);
        var data = file.FindRootEntry("Data");
        _pictures = new WordPictures(data is { Type: CompoundFileEntryType.Stream } ? file.OpenStream(data) : null, media);
    }

    public static List<WordItem> Read(CompoundFile file, ConversionOptions options, Warnings warnings, List<MediaItem> media)
    {
        var wordDocument = file.FindRootEntry("WordDocument");
        if (wordDocument is not { Type: CompoundFileEntryType.Stream })
        {
            // OOXML encrypted with a password is a compound file holding these two streams.
            if (file.FindRootEntry("EncryptedPackage") is not null || file.FindRootEntry("EncryptionInfo") is not null) throw ConversionException.Encrypted();
            throw ConversionException.OfficeUnsupported("a compound file without a WordDocument stream is not a Word document");
        }
        var reader = new WordBinaryReader(file, wordDocument, options, warnings, media);
        var paragraphs = reader.ReadParagraphs();
        var index = 0;
        return reader.Items(paragraphs, ref index, depth: 0);
    }

    /// <summary>A paragraph as read: its properties, the mark that ended it, and its content.</summary>
    private sealed record RawParagraph(ParagraphProperties Properties, char Mark, List<TextElement> Elements, List<WordImage>? Images, bool HiddenMark);

    /// <summary>A stretch of a paragraph's text sharing one CHPX, piece and link.</summary>
    private readonly record struct Segment(int Start, int Length, WordRun Run, ushort Prm, string? Link);

    private sealed class Field
    {
        public bool InResult;
        public string? Link;
        public readonly StringBuilder Instruction = new();
    }

    private List<RawParagraph> ReadParagraphs()
    {
        var limits = _options.Limits;
        var paragraphs = new List<RawParagraph>();
        var text = new StringBuilder();
        var segments = new List<Segment>();
        var images = new List<WordImage>();
        var fields = new List<Field>();
        var ignoredFieldStarts = 0;
        var end = _fib.CcpText;
        var run = new WordRun(1, 0, 0, 0, 0);
        var direct = new CharacterProperties();
        var directPrm = -1;
        var blocksSeen = 0;

        foreach (var piece in _pieces.Pieces)
        {
            if (piece.CpStart >= end) break;
            var pieceEnd = Math.Min(piece.CpEnd, end);
            for (var cp = piece.CpStart; cp < pieceEnd; cp++)
            {
                if ((cp & 0x3FFF) == 0) _options.Cancellation.ThrowIfCancellationRequested();
                var fc = piece.FcAt(cp);
                var c = piece.Compressed ? Windows1252(_wordDocument[fc]) : (char)BinaryPrimitives.ReadUInt16LittleEndian(_wordDocument.AsSpan((int)fc));
                if (!run.Contains(fc) || directPrm != piece.Prm)
                {
                    run = _characterRuns.Find(fc);
                    directPrm = piece.Prm;
                    direct = new CharacterProperties();
                    direct.Apply(Grpprl(run), direct);
                    direct.Apply(_pieces.Modifiers(piece.Prm), direct);
                }

                switch (c)
                {
                    case '\r' or '\a' or '\f':
                        if (c == '\f' && text.Length == 0 && images.Count == 0) continue;
                        var paragraph = EndParagraph(c, fc, new Segment(0, 0, run, piece.Prm, null), text, segments, images);
                        paragraphs.Add(paragraph);
                        text.Clear();
                        segments.Clear();
                        images.Clear();
                        var becomesBlock = !paragraph.Properties.IsRowEnd && !paragraph.Properties.IsInnerRowEnd
                            && (!paragraph.HiddenMark || paragraph.Elements.Count > 0 || paragraph.Images is not null);
                        if (becomesBlock && ++blocksSeen > limits.MaxBlocks)
                        {
                            // Every further paragraph is a block beyond the limit: the limits pass reports it (1000).
                            return paragraphs;
                        }
                        continue;
                    case '\x13':
                        if (fields.Count < MaxFieldDepth) fields.Add(new Field());
                        else ignoredFieldStarts++;
                        continue;
                    case '\x14':
                        if (ignoredFieldStarts == 0 && fields.Count > 0 && !fields[^1].InResult)
                        {
                            fields[^1].InResult = true;
                            fields[^1].Link = HyperlinkTarget(fields[^1].Instruction.ToString());
                        }
                        continue;
                    case '\x15':
                        if (ignoredFieldStarts > 0) ignoredFieldStarts--;
                        else if (fields.Count > 0) fields.RemoveAt(fields.Count - 1);
                        continue;
                }

                if (InInstruction(fields, out var instruction))
                {
                    if (instruction is not null && instruction.Length < MaxInstructionChars) instruction.Append(c < ' ' ? ' ' : c);
                    continue;
                }
                if (direct.Deleted) continue;
                if (c is '\x01' or '\x08' && direct.Special)
                {
                    if (c == '\x01' && !direct.Data && _pictures.Extract(direct.PictureLocation) is { } image) images.Add(image);
                    else _warnings.Add(ExtraCodes.DocxImagesFailed);
                    continue;
                }
                var mapped = c switch
                {
                    '\v' => '\n',
                    '\t' => '\t',
                    '\x1E' => '\u2011',
                    < ' ' or '\x1F' => '\0',
                    _ => c,
                };
                if (mapped == '\0') continue;
                // Keep one character beyond the paragraph limit so the limits pass sees (and reports) the overflow.
                if (text.Length > limits.MaxParagraphChars) continue;
                var link = CurrentLink(fields);
                if (segments.Count > 0 && segments[^1] is var last && last.Run == run && last.Prm == piece.Prm && last.Link == link && last.Start + last.Length == text.Length)
                    segments[^1] = last with { Length = last.Length + 1 };
                else
                    segments.Add(new Segment(text.Length, 1, run, piece.Prm, link));
                text.Append(mapped);
            }
        }
        if (text.Length > 0 || images.Count > 0) paragraphs.Add(EndParagraph('\r', uint.MaxValue, null, text, segments, images));
        return paragraphs;
    }

    private static bool InInstruction(List<Field> fields, out StringBuilder? instruction)
    {
        instruction = null;
        for (var i = fields.Count - 1; i >= 0; i--)
        {
            if (fields[i].InResult) continue;
            instruction = i == fields.Count - 1 ? fields[i].Instruction : null;
            return true;
        }
        return false;
    }

    private static string? CurrentLink(List<Field> fields)
    {
        for (var i = fields.Count - 1; i >= 0; i--)
        {
            if (fields[i].Link is { } link) return link;
        }
        return null;
    }

    /// <summary>The target of a HYPERLINK field instruction (<c>HYPERLINK "url" \l "anchor"</c>); null for other fields.</summary>
    private static string? HyperlinkTarget(string instruction)
    {
        var span = instruction.AsSpan().Trim();
        if (!span.StartsWith("HYPERLINK", StringComparison.OrdinalIgnoreCase)) return null;
        span = span[9..].Trim();
        string? url = null, anchor = null;
        while (!span.IsEmpty)
        {
            if (span.StartsWith("\\l", StringComparison.Ordinal))
            {
                span = span[2..].TrimStart();
                anchor = Argument(ref span);
            }
            else if (span[0] == '\\')
            {
                // Other switches (\o "tooltip", \t "frame", \n, \m) carry no target.
                span = span[Math.Min(2, span.Length)..].TrimStart();
                if (!span.IsEmpty && span[0] == '"') Argument(ref span);
            }
            else
            {
                var argument = Argument(ref span);
                url ??= argument;
            }
            span = span.TrimStart();
        }
        // A link to a bookmark alone (\l only, as in tables of contents) has no target outside the document.
        if (string.IsNullOrWhiteSpace(url)) return null;
        return string.IsNullOrWhiteSpace(anchor) ? url : url + "#" + anchor;
    }

    private static string Argument(ref ReadOnlySpan<char> span)
    {
        if (span.IsEmpty) return "";
        if (span[0] == '"')
        {
            var close = span[1..].IndexOf('"');
            var value = close < 0 ? span[1..] : span.Slice(1, close);
            span = close < 0 ? [] : span[(close + 2)..];
            return value.ToString().Replace("\\\\", "\\");
        }
        var space = span.IndexOfAny(' ', '\t');
        var word = space < 0 ? span : span[..space];
        span = space < 0 ? [] : span[space..];
        return word.ToString();
    }

    /// <summary>Ends a paragraph at its mark (<paramref name="markSegment"/> carries the mark's character
    /// run, null for text left after the last mark): paragraph properties from the mark's PAPX, then
    /// each segment's inline style, hidden text left out.</summary>
    private RawParagraph EndParagraph(char mark, uint markFc, Segment? markSegment, StringBuilder text, List<Segment> segments, List<WordImage> images)
    {
        var properties = ParagraphProperties.Default;
        if (markSegment is { } markRun)
        {
            var papx = _paragraphRuns.Find(markFc);
            properties = _styles.Resolve(papx.Istd).Paragraph;
            properties.Apply(Grpprl(papx), HugePapx);
            properties.Apply(_pieces.Modifiers(markRun.Prm), HugePapx);
        }

        var heading = HeadingLevel(properties);
        var styleCharacters = _styles.Resolve(properties.Istd).Character;
        // A heading's own look (bold, a larger size) is its block type: only direct formatting is kept.
        var basis = heading > 0 ? new CharacterProperties { Hidden = styleCharacters.Hidden } : styleCharacters;
        var basisKey = heading > 0 ? -1 - properties.Istd : properties.Istd;
        var builder = new TextElementBuilder();
        foreach (var segment in segments)
        {
            var (style, hidden) = ElementStyle(segment, basis, basisKey);
            if (!hidden) builder.Append(text.ToString(segment.Start, segment.Length), style);
        }
        var hiddenMark = markSegment is { } m && ElementStyle(m, basis, basisKey).Hidden;
        return new RawParagraph(properties, mark, builder.Take(), images.Count > 0 ? [.. images] : null, hiddenMark);
    }

    private (TextElementStyle Style, bool Hidden) ElementStyle(Segment segment, CharacterProperties basis, int basisKey)
    {
        var key = (segment.Run.Offset, (int)segment.Prm, basisKey, segment.Link?.GetHashCode() ?? 0);
        if (segment.Link is null && _styleCache.TryGetValue(key, out var cached)) return cached;

        var grpprl = Grpprl(segment.Run);
        var properties = basis;
        properties.Apply(grpprl, basis);
        if (properties.CharacterStyle > 0)
        {
            var styled = _styles.ApplyCharacterStyle(properties.CharacterStyle, basis);
            properties = styled;
            properties.Apply(grpprl, styled);
        }
        var beforePiece = properties;
        properties.Apply(_pieces.Modifiers(segment.Prm), beforePiece);

        var style = new TextElementStyle
        {
            Bold = properties.Bold,
            Italic = properties.Italic,
            Underline = properties.Underline && segment.Link is null,
            Strikethrough = properties.Strike,
            Link = segment.Link,
        };
        if (segment.Link is null) _styleCache[key] = (style, properties.Hidden);
        return (style, properties.Hidden);
    }

    private int HeadingLevel(in ParagraphProperties properties)
    {
        var level = _styles.HeadingLevel(properties.Istd);
        if (level > 0) return level;
        return properties.OutlineLevel < ParagraphProperties.NoOutline ? properties.OutlineLevel + 1 : 0;
    }

    private ReadOnlySpan<byte> Grpprl(WordRun run) => run.Length == 0 ? [] : _wordDocument.AsSpan(run.Offset, run.Length);

    private byte[]? HugePapx(uint offset) => _pictures.ReadPropertyGroup(offset);

    private static char Windows1252(byte value) => value is >= 0x80 and <= 0x9F ? Cp1252High[value - 0x80] : (char)value;

    /// <summary>Windows-1252 0x80–0x9F, where it differs from Latin-1; undefined bytes keep their value.</summary>
    private static readonly char[] Cp1252High =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    // ---- Structure: paragraphs at table depth 0 are items; deeper runs of paragraphs are tables. ----

    private List<WordItem> Items(List<RawParagraph> paragraphs, ref int index, int depth)
    {
        var items = new List<WordItem>();
        while (index < paragraphs.Count)
        {
            var paragraph = paragraphs[index];
            var paragraphDepth = paragraph.Properties.TableDepth;
            if (paragraphDepth > depth)
            {
                items.Add(Table(paragraphs, ref index, depth + 1));
                continue;
            }
            if (paragraphDepth < depth) break;
            if (depth > 0 && (IsCellEnd(paragraph, depth) || IsRowEnd(paragraph, depth))) break;
            // An empty paragraph whose mark is hidden is not shown by Word either.
            if (!paragraph.HiddenMark || paragraph.Elements.Count > 0 || paragraph.Images is not null) items.Add(Paragraph(paragraph));
            index++;
        }
        return items;
    }

    private WordTable Table(List<RawParagraph> paragraphs, ref int index, int depth)
    {
        var rows = new List<WordRow>();
        var cells = new List<List<WordItem>>();
        while (index < paragraphs.Count)
        {
            _options.Cancellation.ThrowIfCancellationRequested();
            var paragraph = paragraphs[index];
            if (paragraph.Properties.TableDepth < depth) break;
            if (paragraph.Properties.TableDepth == depth && IsRowEnd(paragraph, depth))
            {
                rows.Add(Row(cells, paragraph.Properties));
                cells = [];
                index++;
                continue;
            }
            var content = Items(paragraphs, ref index, depth);
            if (index < paragraphs.Count && paragraphs[index].Properties.TableDepth == depth && IsCellEnd(paragraphs[index], depth))
            {
                content.Add(Paragraph(paragraphs[index]));
                index++;
                cells.Add(content);
                continue;
            }
            // A cell without its cell mark (damaged or truncated): keep what it holds.
            if (content.Count > 0) cells.Add(content);
            if (index >= paragraphs.Count || paragraphs[index].Properties.TableDepth < depth) break;
        }
        if (cells.Count > 0) rows.Add(Row(cells, null));
        return new WordTable(rows);
    }

    private static bool IsCellEnd(RawParagraph paragraph, int depth) =>
        depth == 1 ? paragraph.Mark == '\a' && !paragraph.Properties.IsRowEnd : paragraph.Properties.IsInnerCellEnd && !paragraph.Properties.IsInnerRowEnd;

    private static bool IsRowEnd(RawParagraph paragraph, int depth) =>
        depth == 1 ? paragraph.Properties.IsRowEnd : paragraph.Properties.IsInnerRowEnd;

    /// <summary>A row from its cells and the row end's sprmTDefTable: cell edges, vertical merge flags,
    /// and old-style horizontal merges folded into the cell they continue.</summary>
    private static WordRow Row(List<List<WordItem>> contents, ParagraphProperties? rowEnd)
    {
        var definition = rowEnd?.TableDefinition;
        var columns = definition is { Length: >= 3 } ? definition[2] : 0;
        if (definition is not null && definition.Length < 3 + (columns + 1) * 2) columns = 0;

        var cells = new List<WordCell>(contents.Count);
        for (var i = 0; i < contents.Count; i++)
        {
            if (i >= columns)
            {
                cells.Add(new WordCell(contents[i], null, null, WordVerticalMerge.None));
                continue;
            }
            var left = BinaryPrimitives.ReadInt16LittleEndian(definition.AsSpan(3 + i * 2));
            var right = BinaryPrimitives.ReadInt16LittleEndian(definition.AsSpan(3 + (i + 1) * 2));
            var tcAt = 3 + (columns + 1) * 2 + i * 20;
            var flags = tcAt + 2 <= definition!.Length ? BinaryPrimitives.ReadUInt16LittleEndian(definition.AsSpan(tcAt)) : 0;
            var horizontal = flags & 0x3;
            var vertical = (flags >> 5) & 0x3;
            if (horizontal >= 2 && cells.Count > 0 && cells[^1].Right is not null)
            {
                var previous = cells[^1];
                previous.Content.AddRange(contents[i].Where(HasContent));
                cells[^1] = previous with { Right = right };
                continue;
            }
            var merge = vertical switch { 3 => WordVerticalMerge.Restart, 1 => WordVerticalMerge.Continue, _ => WordVerticalMerge.None };
            cells.Add(new WordCell(contents[i], left, right, merge));
        }
        return new WordRow(cells, rowEnd?.IsHeaderRow ?? false);
    }

    private static bool HasContent(WordItem item) => item is not WordParagraph { Elements.Count: 0, Images: null };

    private WordParagraph Paragraph(RawParagraph raw)
    {
        var properties = raw.Properties;
        var heading = HeadingLevel(properties);
        var list = heading > 0 ? null : _lists.Mark(properties.Ilfo, properties.Ilvl);
        int? align = properties.Justification switch { 1 => 2, 2 => 3, _ => null };
        return new WordParagraph(raw.Elements, heading, list, align, raw.Images);
    }
}
