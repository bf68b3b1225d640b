using System.Buffers.Binary;
using System.Text;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>The style sheet (STSH, [MS-DOC] 2.9.271): per style its built-in identifier (sti), name,
/// base style, and the paragraph and character modifiers it carries; resolved along the base chain
/// once per style. A malformed style is treated as empty, never as a reason to fail.</summary>
internal sealed class WordStyleSheet
{
    private const int NoBase = 0x0FFF;
    private const int MaxChain = 64;

    private readonly List<Style?> _styles = [];
    private readonly Dictionary<int, (ParagraphProperties, CharacterProperties)> _resolved = [];

    private sealed record Style(int Sti, int Kind, int BaseIstd, string Name, byte[] Papx, byte[] Chpx);

    public static WordStyleSheet Read(ReadOnlySpan<byte> stsh)
    {
        var sheet = new WordStyleSheet();
        if (stsh.Length < 6) return sheet;
        var cbStshi = BinaryPrimitives.ReadUInt16LittleEndian(stsh);
        if (2 + cbStshi > stsh.Length || cbStshi < 4) return sheet;
        var count = BinaryPrimitives.ReadUInt16LittleEndian(stsh[2..]);
        var baseSize = BinaryPrimitives.ReadUInt16LittleEndian(stsh[4..]);
        var offset = 2 + cbStshi;
        for (var i = 0; i < count && offset + 2 <= stsh.Length; i++)
        {
            var cbStd = BinaryPrimitives.ReadUInt16LittleEndian(stsh[offset..]);
            offset += 2;
            if (offset + cbStd > stsh.Length) break;
            sheet._styles.Add(cbStd == 0 ? null : ReadStyle(stsh.Slice(offset, cbStd), baseSize));
            offset += cbStd;
        }
        return sheet;
    }

    private static Style? ReadStyle(ReadOnlySpan<byte> std, int baseSize)
    {
        if (baseSize < 10 || std.Length < baseSize + 2) return null;
        var sti = BinaryPrimitives.ReadUInt16LittleEndian(std) & 0x0FFF;
        var word1 = BinaryPrimitives.ReadUInt16LittleEndian(std[2..]);
        var kind = word1 & 0x000F;
        var baseIstd = word1 >> 4;
        var upxCount = BinaryPrimitives.ReadUInt16LittleEndian(std[4..]) & 0x000F;

        var offset = baseSize;
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(std[offset..]);
        offset += 2;
        if (offset + nameLength * 2 > std.Length) return new Style(sti, kind, baseIstd, "", [], []);
        var name = Encoding.Unicode.GetString(std.Slice(offset, nameLength * 2));
        offset += nameLength * 2 + 2;

        var upxs = new List<byte[]>(upxCount);
        for (var i = 0; i < upxCount && offset + 2 <= std.Length; i++)
        {
            var cbUpx = BinaryPrimitives.ReadUInt16LittleEndian(std[offset..]);
            offset += 2;
            if (offset + cbUpx > std.Length) break;
            upxs.Add(std.Slice(offset, cbUpx).ToArray());
            offset += cbUpx + (cbUpx & 1);
        }

        // Paragraph styles: PAPX (istd + grpprl), CHPX. Character styles: CHPX. Table styles: TAPX, PAPX, CHPX.
        // List styles: PAPX.
        byte[] papx = [], chpx = [];
        switch (kind)
        {
            case 1:
                if (upxs.Count > 0) papx = SkipIstd(upxs[0]);
                if (upxs.Count > 1) chpx = upxs[1];
                break;
            case 2:
                if (upxs.Count > 0) chpx = upxs[0];
                break;
            case 3:
                if (upxs.Count > 1) papx = SkipIstd(upxs[1]);
                if (upxs.Count > 2) chpx = upxs[2];
                break;
            case 4:
                if (upxs.Count > 0) papx = SkipIstd(upxs[0]);
                break;
        }
        return new Style(sti, kind, baseIstd, name, papx, chpx);
    }

    private static byte[] SkipIstd(byte[] upxPapx) => upxPapx.Length >= 2 ? upxPapx[2..] : [];

    /// <summary>Heading level 1–9 of a style: the built-in "heading 1".."heading 9" (sti 1–9), or a style
    /// named that way; 0 otherwise.</summary>
    public int HeadingLevel(int istd)
    {
        if (Get(istd) is not { } style) return 0;
        if (style.Sti is >= 1 and <= 9) return style.Sti;
        var name = style.Name.Trim();
        if (name.Length == 9 && name.StartsWith("heading ", StringComparison.OrdinalIgnoreCase) && name[8] is >= '1' and <= '9') return name[8] - '0';
        return 0;
    }

    /// <summary>The properties a paragraph style gives (its base chain applied root first).</summary>
    public (ParagraphProperties Paragraph, CharacterProperties Character) Resolve(int istd)
    {
        if (_resolved.TryGetValue(istd, out var cached)) return cached;
        var chain = new List<Style>();
        var seen = new HashSet<int>();
        for (var current = istd; current != NoBase && chain.Count < MaxChain && seen.Add(current);)
        {
            if (Get(current) is not { } style) break;
            chain.Add(style);
            current = style.BaseIstd;
        }

        var paragraph = ParagraphProperties.Default;
        var character = new CharacterProperties();
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            paragraph.Apply(chain[i].Papx);
            var basis = character;
            character.Apply(chain[i].Chpx, basis);
        }
        paragraph.Istd = istd;
        // Table properties of a style never make its paragraphs table rows.
        paragraph.IsRowEnd = paragraph.IsInnerRowEnd = paragraph.IsInnerCellEnd = false;
        paragraph.TableDefinition = null;
        var result = (paragraph, character);
        _resolved[istd] = result;
        return result;
    }

    /// <summary>Character properties of a character style applied over <paramref name="basis"/>.</summary>
    public CharacterProperties ApplyCharacterStyle(int istd, CharacterProperties basis)
    {
        var chain = new List<Style>();
        var seen = new HashSet<int>();
        for (var current = istd; current != NoBase && chain.Count < MaxChain && seen.Add(current);)
        {
            if (Get(current) is not { Kind: 2 } style) break;
            chain.Add(style);
            current = style.BaseIstd;
        }
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var under = basis;
            basis.Apply(chain[i].Chpx, under);
        }
        return basis;
    }

    private Style? Get(int istd) => istd >= 0 && istd < _styles.Count ? _styles[istd] : null;
}
