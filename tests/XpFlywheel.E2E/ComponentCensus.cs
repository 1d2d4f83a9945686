using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Components;

namespace XpFlywheel.E2E;

/// <summary>
/// Counts the components a page keeps alive on the server. Blazor takes its <see cref="IComponentActivator"/> from the
/// renderer's own services, so a scoped activator is one per circuit (and one per prerendered request); each remembers
/// what it created by weak reference, and after a full collection what is still alive is what the circuit holds:
/// every one of those is a component with its render-tree buffers in server memory for as long as the page is open.
/// </summary>
public sealed class ComponentCensus
{
    private readonly ConcurrentQueue<Tally> _tallies = new();
    private int _next;

    /// <summary>A fresh activator for one renderer's scope.</summary>
    public IComponentActivator NewActivator()
    {
        var tally = new Tally(Interlocked.Increment(ref _next));
        _tallies.Enqueue(tally);
        return tally;
    }

    /// <summary>
    /// The live components, by type name, of the newest renderer that holds a live component of
    /// <typeparamref name="TPage"/>: the circuit of the page a test opened last. Collects garbage first.
    /// </summary>
    public IReadOnlyDictionary<string, int> LiveInNewestWith<TPage>() where TPage : IComponent
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        var newest = _tallies.Reverse().Select(t => t.Live()).FirstOrDefault(live => live.OfType<TPage>().Any())
            ?? throw new InvalidOperationException($"No renderer holds a live {typeof(TPage).Name}.");
        return newest.GroupBy(c => Name(c.GetType())).ToDictionary(g => g.Key, g => g.Count());
    }

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GenericTypeArguments.Select(Name))}>"
        : type.Name;

    private sealed class Tally(int sequence) : IComponentActivator
    {
        private readonly Lock _gate = new();
        private readonly List<WeakReference<IComponent>> _created = [];

        public int Sequence { get; } = sequence;

        public IComponent CreateInstance([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type componentType)
        {
            if (Activator.CreateInstance(componentType) is not IComponent component)
                throw new ArgumentException($"{componentType.FullName} is not a component.", nameof(componentType));
            lock (_gate)
                _created.Add(new WeakReference<IComponent>(component));
            return component;
        }

        public List<IComponent> Live()
        {
            lock (_gate)
                return [.. _created.Select(r => r.TryGetTarget(out var c) ? c : null).OfType<IComponent>()];
        }
    }
}
