using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Components;

namespace XpFlywheel.Bench;

/// <summary>
/// A bench-only <see cref="IComponentActivator"/> that remembers every component it creates by a weak reference, so
/// after a full collection the live instances can be counted by type: what the circuits on a page actually hold, without
/// a heap dump. Prerendered components die with their request and drop out of the count.
/// </summary>
public sealed class ComponentCensus : IComponentActivator
{
    private readonly Lock _gate = new();
    private readonly List<WeakReference<IComponent>> _created = [];

    /// <inheritdoc />
    public IComponent CreateInstance([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type componentType)
    {
        if (Activator.CreateInstance(componentType) is not IComponent component)
            throw new ArgumentException($"{componentType.FullName} does not implement IComponent.", nameof(componentType));
        lock (_gate)
            _created.Add(new WeakReference<IComponent>(component));
        return component;
    }

    /// <summary>Live components by type name, most first; call after a full collection.</summary>
    public IReadOnlyList<(string Type, int Count)> Live()
    {
        lock (_gate)
        {
            _created.RemoveAll(r => !r.TryGetTarget(out _));
            return [.. _created
                .Select(r => r.TryGetTarget(out var c) ? Name(c.GetType()) : null)
                .OfType<string>()
                .GroupBy(n => n)
                .Select(g => (g.Key, g.Count()))
                .OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal)];
        }
    }

    private static string Name(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GenericTypeArguments.Select(Name))}>" : type.Name;
}
