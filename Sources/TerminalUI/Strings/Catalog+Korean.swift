/// Korean for the English text of the screens, keyed by that text exactly (placeholders `{0}`…;
/// `context|text` where one English word means two things). This file holds the chrome, help,
/// the performance list, the hall map and overview, the live dashboard and settlement; the buyer's
/// and the seller's screens have files of their own. `CatalogCoverageTests` fails on a key without
/// its Korean.
extension Language {
    static let korean: [String: String] = koreanChrome
        .merging(koreanBuyer) { first, _ in first }
        .merging(koreanSeller) { first, _ in first }

    static let koreanChrome: [String: String] = [
        // Titles and chrome
        "Performances": "공연 목록",
        "Sales": "판매 현황",
        "Settlement": "정산",
        "Waiting room": "대기실",
        "online": "연결됨",
        "Keys · {0}": "단축키 · {0}",
        "? / F1 / Esc closes this help": "? / F1 / Esc 로 도움말을 닫습니다",
        "Terminal too small": "터미널 창이 너무 작습니다",
        "Enlarge it to at least {0}×{1}; it is {2}×{3} now.": "최소 {0}×{1}로 키워 주세요. 지금은 {2}×{3}입니다.",
        "Ctrl-C quits.": "Ctrl-C로 종료합니다.",
        // Key hints
        "help": "도움말", "quit": "종료", "back": "뒤로", "refresh": "새로고침", "open": "열기",
        "orders": "주문", "tickets": "티켓", "my tickets (QR codes for the door)": "내 티켓 (입장용 QR 코드)",
        "log out": "로그아웃", "join": "대기열 참가", "select": "선택", "clear": "선택 해제",
        "hold": "좌석 확보", "best": "추천 좌석", "zoom": "확대", "coupons": "쿠폰", "line": "대기열",
        "leave": "대기열 나가기", "next": "다음", "submit": "제출", "switch": "전환",
        "cancel": "취소", "cancel/refund": "취소/환불", "choose": "선택", "claim": "받기", "close": "닫기",
        "continue": "계속", "coupon": "쿠폰", "create": "만들기", "export CSV": "CSV 내보내기",
        "new coupon": "새 쿠폰", "next field": "다음 칸", "no": "아니요", "pay": "결제", "release": "좌석 반납",
        "reload": "다시 읽기", "requote": "다시 계산", "sales": "판매 현황", "settlement": "정산", "show": "보기",
        "venue": "공연장", "yes": "예",
        // Keymap titles and help lines
        "Hall map": "좌석 배치도", "Hall map · in line": "좌석 배치도 · 대기 중", "Hall map · your turn": "좌석 배치도 · 입장",
        "Hall map · seller": "좌석 배치도 · 판매자", "Hall overview": "공연장 전체 보기",
        "Hall overview · your turn": "공연장 전체 보기 · 입장", "Hall overview · seller": "공연장 전체 보기 · 판매자",
        "section to the left": "왼쪽 구역", "section behind": "뒤쪽 구역", "section in front": "앞쪽 구역",
        "section to the right": "오른쪽 구역",
        "zoom into the section's seats (or click it twice)": "구역 좌석으로 확대 (두 번 클릭해도 됨)",
        "reload seat states": "좌석 상태 새로고침",
        "coupons for this performance": "이 공연의 쿠폰", "coupons of this performance": "이 공연의 쿠폰",
        "back to the performances": "공연 목록으로", "back to your performances": "내 공연 목록으로",
        "hold the best seats in the picked section": "고른 구역의 가장 좋은 좌석 확보",
        "show or hide this help": "도움말 보기/숨기기", "high-contrast colours on or off": "고대비 색상 켜기/끄기",
        "quit QueueTicket": "QueueTicket 종료",
        "join the waiting room for this performance": "이 공연의 대기열에 참가",
        "seat to the left": "왼쪽 좌석", "row behind": "뒷줄", "row in front": "앞줄", "seat to the right": "오른쪽 좌석",
        "ten rows back": "열 줄 뒤로", "ten rows forward": "열 줄 앞으로", "first seat of the row": "줄의 첫 좌석",
        "last seat of the row": "줄의 마지막 좌석",
        "select or unselect the seat (or click it)": "좌석 선택/해제 (클릭해도 됨)",
        "clear the selection": "선택 모두 해제",
        "back to the section overview (large halls)": "구역 전체 보기로 (큰 공연장)",
        "hold the picked seats": "고른 좌석 확보", "hold the best seats of the cursor's grade": "커서 등급의 가장 좋은 좌석 확보",
        "back to the waiting room (your place is kept)": "대기실로 (순번 유지)", "leave the line": "대기열 나가기",
        // Hall overview
        "{0} · overview": "{0} · 전체 보기",
        " {0} sections · Enter zooms in ": " 구역 {0}개 · Enter 로 확대 ",
        " free: most → none": " 남은 좌석: 많음 → 없음",
        "Legend": "범례", "Sections": "구역",
        "{0} free": "{0}석 남음", "{0}/{1} free": "{0}/{1}석 남음",
        "This hall has no seats.": "이 공연장에는 좌석이 없습니다.",
        // Performance list
        "1 performance": "공연 1개", "{0} performances": "공연 {0}개", "times in {0}": "시각은 {0} 기준",
        "Loading performances…": "공연 목록을 불러오는 중…",
        "The list has not loaded yet — press r to try again.": "목록을 아직 불러오지 못했습니다 — r 로 다시 시도하세요.",
        "No performances yet — press r to reload.": "아직 공연이 없습니다 — r 로 새로고침하세요.",
        "Title": "공연", "Venue": "공연장", "Starts": "공연 일시", "Sale": "판매", "From": "최저가",
        "{0} (yours)": "{0} (내 공연)", "opens in {0}": "{0} 후 오픈", "closed": "판매 종료",
        "{0} · {1} seats · starts {2}": "{0} · {1}석 · {2} 공연",
        "Sale opens {0} · ": "판매 시작 {0} · ",
        "Up to {0} seats per order, held {1} at checkout · Enter opens the hall map":
            "주문당 최대 {0}석, 결제 중 {1} 동안 확보 · Enter 로 좌석 배치도 열기",
        "Up to {0} seats per order, held {1} at checkout · Enter shows the hall map":
            "주문당 최대 {0}석, 결제 중 {1} 동안 확보 · Enter 로 좌석 배치도 보기",
        "next performance": "다음 공연", "previous performance": "이전 공연", "a page down": "한 페이지 아래",
        "a page up": "한 페이지 위", "first performance": "첫 공연", "last performance": "마지막 공연",
        "open the hall map": "좌석 배치도 열기", "reload the list": "목록 새로고침", "my orders": "내 주문",
        // Settlement
        "Settlement · payout per period": "정산 · 기간별 지급액",
        "No settlement periods yet: the first one opens with the first paid order.":
            "아직 정산 기간이 없습니다: 첫 결제 주문과 함께 시작됩니다.",
        "Period": "기간", "Payout": "지급액", "Status": "상태", "period|open": "진행 중", "period|closed": "마감",
        "period|paid": "지급 완료",
        "Gross {0} · payout {1} over 1 period": "총매출 {0} · 지급액 {1} · 1개 기간",
        "Gross {0} · payout {1} over {2} periods": "총매출 {0} · 지급액 {1} · {2}개 기간",
        " (latest {0} shown)": " (최근 {0}개 표시)",
        "Selected {0} · gross {1} · fee {2} · e saves its CSV": "선택 {0} · 총매출 {1} · 수수료 {2} · e 로 CSV 저장",
        "Saved {0}": "저장함: {0}",
        // Hall map
        "Loading the hall map…": "좌석 배치도를 불러오는 중…",
        "The hall map has not loaded — press r to try again.": "좌석 배치도를 불러오지 못했습니다 — r 로 다시 시도하세요.",
        "{0} · hall map": "{0} · 좌석 배치도",
        "cols {0}-{1} of {2}": "열 {0}-{1} / {2}", "rows {0}-{1} of {2}": "행 {0}-{1} / {2}",
        "{0} of {1} available": "{1}석 중 {0}석 남음",
        "Starts {0} · ": "공연 {0} · ", "sale opens in {0}": "판매 시작까지 {0}", "sale closed": "판매 종료", "on sale": "판매 중",
        " · max {0} per order": " · 주문당 최대 {0}석",
        "Selected {0}/{1} · {2}": "선택 {0}/{1} · {2}",
        "selected": "선택함", "available": "예매 가능", "held": "확보됨", "sold": "판매됨",
        "Your seats: {0}": "내 좌석: {0}", "{0} left": "{0}석 남음", "Your seats {0}/{1}": "내 좌석 {0}/{1}",
        "Move with the arrow keys or hjkl, pick with Space or a click.": "화살표 키나 hjkl 로 움직이고 Space 나 클릭으로 고르세요.",
        "Total": "합계",
        // Live sales
        "Sales · {0}": "판매 현황 · {0}", "live": "실시간", " · as of {0}": " · {0} 기준",
        "{0} of {1} sold": "{1}석 중 {0}석 판매",
        "Tickets per minute": "분당 판매 매수",
        "No sales yet — the chart starts when the sale opens.": "아직 판매가 없습니다 — 판매가 열리면 차트가 시작됩니다.",
        "now {0}/min": "지금 분당 {0}매",
        "Seats by grade · █ sold ▓ held ░ free": "등급별 좌석 · █ 판매 ▓ 확보 ░ 남음",
        "{0} sold {1} held {2} free": "판매 {0} 확보 {1} 남음 {2}",
        "Line · payments · coupons": "대기열 · 결제 · 쿠폰",
        "Waiting in line": "대기 인원", "Admitting": "입장 속도", "A new arrival waits": "새로 온 사람 대기",
        "Shopping now": "지금 구매 중", "Payments paid / failed": "결제 완료 / 실패",
        "Coupons claimed / left": "쿠폰 발급 / 남음", "unknown": "알 수 없음",
        "about {0} s": "약 {0}초", "about {0} min": "약 {0}분",
        "To date: gross {0} · refunds {1} · fee {2} · net {3}": "누적: 총매출 {0} · 환불 {1} · 수수료 {2} · 정산액 {3}",
        "To date: gross {0} · net payout {1}": "누적: 총매출 {0} · 정산액 {1}",
    ]
}
