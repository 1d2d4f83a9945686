namespace XpFlywheel.Core.MarketData;

/// <summary>
/// A fixed-capacity FIFO: adding to a full buffer drops the oldest item, so memory stays bounded however long the
/// market runs. Index 0 is the oldest item. Not thread-safe.
/// </summary>
internal sealed class RingBuffer<T>
    where T : struct
{
    private readonly T[] _items;
    private int _oldest;

    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    /// <summary>The item <paramref name="index"/> places after the oldest, by reference so it can be updated in place.</summary>
    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The buffer holds {Count} items.");
            return ref _items[(_oldest + index) % _items.Length];
        }
    }

    public ref T Newest => ref this[Count - 1];

    public ref T Oldest => ref this[0];

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            _items[_oldest] = item;
            _oldest = (_oldest + 1) % _items.Length;
            return;
        }
        _items[(_oldest + Count) % _items.Length] = item;
        Count++;
    }

    public void RemoveOldest()
    {
        if (Count == 0)
            throw new InvalidOperationException("The buffer is empty.");
        _items[_oldest] = default;
        _oldest = (_oldest + 1) % _items.Length;
        Count--;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _oldest = 0;
        Count = 0;
    }
}
