using System.Runtime.CompilerServices;

namespace XpFlywheel.Core.Matching;

/// <summary>
/// Open-addressing hash map from a positive long (order id, price tick) to an int slot: linear probing and
/// backward-shift deletion, so there are no tombstones and lookups stay short. Key 0 marks an empty cell.
/// </summary>
internal sealed class LongIntMap
{
    private long[] _keys;
    private int[] _values;
    private int _mask;
    private int _shift;
    private int _count;

    public LongIntMap(int capacity)
    {
        var size = 16;
        while (size < capacity * 2)
            size <<= 1;
        _keys = new long[size];
        _values = new int[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
    }

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(long key) => (int)((ulong)(key * -7046029254386353131L) >> _shift);

    /// <summary>False for key 0 (the empty-cell mark, never a stored key), as for any absent key.</summary>
    public bool TryGet(long key, out int value)
    {
        if (key == 0)
        {
            value = -1;
            return false;
        }
        var keys = _keys;
        for (var i = Home(key); ; i = (i + 1) & _mask)
        {
            var k = keys[i];
            if (k == key)
            {
                value = _values[i];
                return true;
            }
            if (k == 0)
            {
                value = -1;
                return false;
            }
        }
    }

    public void Set(long key, int value)
    {
        ArgumentOutOfRangeException.ThrowIfZero(key);
        if ((_count + 1) * 2 > _keys.Length)
            Grow();
        for (var i = Home(key); ; i = (i + 1) & _mask)
        {
            if (_keys[i] == key)
            {
                _values[i] = value;
                return;
            }
            if (_keys[i] == 0)
            {
                _keys[i] = key;
                _values[i] = value;
                _count++;
                return;
            }
        }
    }

    public bool Remove(long key)
    {
        if (key == 0)
            return false;
        var i = Home(key);
        while (_keys[i] != key)
        {
            if (_keys[i] == 0)
                return false;
            i = (i + 1) & _mask;
        }
        // Shift later members of the probe run back so every key stays reachable from its home cell.
        var j = i;
        while (true)
        {
            j = (j + 1) & _mask;
            if (_keys[j] == 0)
                break;
            var home = Home(_keys[j]);
            var stays = i <= j ? i < home && home <= j : i < home || home <= j;
            if (stays)
                continue;
            _keys[i] = _keys[j];
            _values[i] = _values[j];
            i = j;
        }
        _keys[i] = 0;
        _count--;
        return true;
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldValues = _values;
        _keys = new long[oldKeys.Length * 2];
        _values = new int[oldKeys.Length * 2];
        _mask = _keys.Length - 1;
        _shift--;
        _count = 0;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldKeys[i] != 0)
                Set(oldKeys[i], oldValues[i]);
        }
    }
}
