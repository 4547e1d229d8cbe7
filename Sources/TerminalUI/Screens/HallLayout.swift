/// Where the parts of the hall screen go for a terminal size. The reducer uses the same layout
/// to scroll the map and to turn a click into a seat, so what is drawn is what is hit.
public struct HallLayout: Sendable, Equatable {
    /// Wide terminals get a side panel with the legend and the picked seats.
    public static let sidePanelMinWidth = 110
    static let sidePanelWidth = 36

    public let details: Area
    public let mapBox: Area
    /// The map cells inside the box.
    public let viewport: Area
    public let side: Area?
    /// Two legend rows under the map when there is no side panel.
    public let legend: Area?
    public let info: Area

    public init(size: Size) {
        let body = Area(x: 0, y: 1, width: size.width, height: max(0, size.height - 2))
        let (detailsRow, rest) = body.splitTop(1)
        details = detailsRow.inset(dx: 1, dy: 0)
        let (aboveInfo, infoRow) = rest.splitBottom(1)
        info = infoRow.inset(dx: 1, dy: 0)
        if size.width >= Self.sidePanelMinWidth {
            let (map, panel) = aboveInfo.splitRight(Self.sidePanelWidth)
            mapBox = map
            side = panel
            legend = nil
        } else {
            let (map, legendRows) = aboveInfo.splitBottom(2)
            mapBox = map
            side = nil
            legend = legendRows.inset(dx: 1, dy: 0)
        }
        viewport = mapBox.inset(dx: 1, dy: 1)
    }
}

/// Scrolling of a map larger than its viewport.
public enum MapViewport {
    /// The map cell to show at the viewport's top-left so that `cursor` stays a few cells from
    /// the edges; along an axis where the whole map fits, the map is centred instead.
    public static func scroll(keeping cursor: Point?, current: Point, map: Size, view: Size) -> Point {
        Point(x: axis(cursor?.x, current: current.x, map: map.width, view: view.width),
              y: axis(cursor?.y, current: current.y, map: map.height, view: view.height))
    }

    private static func axis(_ cursor: Int?, current: Int, map: Int, view: Int) -> Int {
        guard view > 0 else { return 0 }
        if map <= view { return -((view - map) / 2) }
        var start = max(0, current)
        if let cursor {
            let margin = min(3, view / 4)
            if cursor - start < margin { start = cursor - margin }
            if cursor - start > view - 1 - margin { start = cursor - (view - 1 - margin) }
        }
        return min(max(0, start), map - view)
    }
}
