using System.Buffers.Binary;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>The list definitions (PlfLst with the LVLs after it) and list instances (PlfLfo) of
/// [MS-DOC] 2.9.147 / 2.9.150: enough to tell, for a paragraph's ilfo and ilvl, whether the level
/// is bulleted or numbered and where its numbering starts. Reading stops at the first structure
/// that does not fit; paragraphs of unknown lists are then bulleted.</summary>
internal sealed class WordListTables
{
    private const int LstfSize = 28;
    private const int LvlfSize = 28;
    private const int LfoSize = 16;
    private const byte NfcBullet = 23;
    private const byte NfcNone = 0xFF;

    private readonly Dictionary<int, List<(byte Nfc, int StartAt)>> _levelsByListId = [];
    private readonly List<int> _listIdByLfo = [];

    public static WordListTables Read(byte[] table, (uint Fc, uint Lcb) plfLst, (uint Fc, uint Lcb) plfLfo)
    {
        var lists = new WordListTables();
        lists.ReadLists(table, plfLst);
        lists.ReadInstances(table, plfLfo);
        return lists;
    }

    private void ReadLists(byte[] table, (uint Fc, uint Lcb) plfLst)
    {
        if (plfLst.Lcb < 2 || plfLst.Fc + (long)plfLst.Lcb > table.Length) return;
        var data = table.AsSpan((int)plfLst.Fc);
        var count = BinaryPrimitives.ReadInt16LittleEndian(data);
        if (count <= 0 || 2 + (long)count * LstfSize > plfLst.Lcb) return;

        // The LVLs of all lists follow the PlfLst, list by list.
        var offset = (long)plfLst.Lcb;
        for (var i = 0; i < count; i++)
        {
            var lstf = data.Slice(2 + i * LstfSize, LstfSize);
            var listId = BinaryPrimitives.ReadInt32LittleEndian(lstf);
            var simple = (lstf[26] & 1) != 0;
            var levels = new List<(byte, int)>(simple ? 1 : 9);
            for (var level = 0; level < (simple ? 1 : 9); level++)
            {
                if (offset + LvlfSize > data.Length) { _levelsByListId.TryAdd(listId, levels); return; }
                var lvlf = data.Slice((int)offset, LvlfSize);
                var startAt = BinaryPrimitives.ReadInt32LittleEndian(lvlf);
                var nfc = lvlf[4];
                var grpprlSizes = lvlf[24] + lvlf[25];
                offset += LvlfSize + grpprlSizes;
                if (offset + 2 > data.Length) { _levelsByListId.TryAdd(listId, levels); return; }
                var textLength = BinaryPrimitives.ReadUInt16LittleEndian(data[(int)offset..]);
                offset += 2 + textLength * 2;
                levels.Add((nfc, startAt));
            }
            _levelsByListId.TryAdd(listId, levels);
        }
    }

    private void ReadInstances(byte[] table, (uint Fc, uint Lcb) plfLfo)
    {
        if (plfLfo.Lcb < 4 || plfLfo.Fc + (long)plfLfo.Lcb > table.Length) return;
        var data = table.AsSpan((int)plfLfo.Fc, (int)plfLfo.Lcb);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(data);
        for (var i = 0L; i < count && 4 + (i + 1) * LfoSize <= data.Length; i++)
        {
            _listIdByLfo.Add(BinaryPrimitives.ReadInt32LittleEndian(data[(int)(4 + i * LfoSize)..]));
        }
    }

    /// <summary>The list mark of a paragraph with list instance <paramref name="ilfo"/> (1-based) at level
    /// <paramref name="ilvl"/>; null when the level shows no number or bullet, or ilfo is not a list.</summary>
    public WordListMark? Mark(int ilfo, int ilvl)
    {
        // 0 is "no list"; negative values (0xF801) clear list membership; Word allows at most 0x07FE.
        if (ilfo is <= 0 or > 0x07FE) return null;
        if (ilfo > _listIdByLfo.Count || !_levelsByListId.TryGetValue(_listIdByLfo[ilfo - 1], out var levels) || levels.Count == 0)
            return new WordListMark(ilfo, ilvl, Ordered: false, StartAt: 1);
        var (nfc, startAt) = levels[Math.Min(ilvl, levels.Count - 1)];
        if (nfc == NfcNone) return null;
        // Numbering is shared by every instance of one list definition.
        return new WordListMark(_listIdByLfo[ilfo - 1], ilvl, Ordered: nfc != NfcBullet, StartAt: Math.Clamp(startAt, 0, 32767));
    }
}
