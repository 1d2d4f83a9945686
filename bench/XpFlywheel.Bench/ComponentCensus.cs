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

    /// <summary>
    /// Render-tree buffers of the live components, by component type: bytes of the current and the next
    /// <c>RenderTreeFrame[]</c> each keeps (capacity, not use), most first. Read through the renderer's private state,
    /// so it is a bench instrument, not an API.
    /// </summary>
    public IReadOnlyList<(string Type, int Count, long Bytes)> Buffers()
    {
        var frame = System.Runtime.CompilerServices.Unsafe.SizeOf<Microsoft.AspNetCore.Components.RenderTree.RenderTreeFrame>();
        List<IComponent> live;
        lock (_gate)
            live = [.. _created.Select(r => r.TryGetTarget(out var c) ? c : null).OfType<IComponent>()];
        var renderers = live.OfType<ComponentBase>()
            .Select(c => Field(c, typeof(ComponentBase), "_renderHandle") is { } handle ? Field(handle, typeof(RenderHandle), "_renderer") : null)
            .OfType<object>().Distinct().ToList();
        var rows = new List<(string Type, long Bytes)>();
        foreach (var renderer in renderers)
        {
            var states = (System.Collections.IDictionary)Field(renderer, typeof(Microsoft.AspNetCore.Components.RenderTree.Renderer), "_componentStateById")!;
            foreach (var state in states.Values)
            {
                var stateType = state!.GetType();
                var component = (IComponent)stateType.GetProperty("Component")!.GetValue(state)!;
                long capacity = 0;
                foreach (var builder in new[] { stateType.GetProperty("CurrentRenderTree", Flags)?.GetValue(state), stateType.GetField("_nextRenderTree", Flags)?.GetValue(state) })
                {
                    if (builder is null)
                        continue;
                    var entries = Field(builder, builder.GetType(), "_entries");
                    if (entries is not null && Field(entries, entries.GetType().BaseType!, "_items") is Array items)
                        capacity += items.Length;
                }
                rows.Add((Name(component.GetType()), capacity * frame));
            }
        }
        return [.. rows.GroupBy(r => r.Type).Select(g => (g.Key, g.Count(), g.Sum(r => r.Bytes))).OrderByDescending(r => r.Item3)];
    }

    private const System.Reflection.BindingFlags Flags = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;

    private static object? Field(object target, Type declaring, string name) => declaring.GetField(name, Flags)?.GetValue(target);

    private static string Name(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GenericTypeArguments.Select(Name))}>" : type.Name;
}
