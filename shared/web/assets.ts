/**
 * The console's one stylesheet, served by the console itself (/console/assets/console.css):
 * no CDN, no web font (government intranets have no internet), system Chinese fonts. Patterns
 * after the GOV.UK Design System: error summary, inline errors, one primary button.
 */
export const consoleCss = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:#0b0c0c;background:#f3f2f1}
a{color:#1d70b8}a:visited{color:#4c2c92}a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 4px #0b0c0c}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fd0;padding:8px;z-index:9}
header.top{background:#8b1a1a;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center}
header.top a{color:#fff}header.top .brand{font-weight:700;font-size:18px;text-decoration:none}
header.top nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
header.top .who{margin-left:auto;display:flex;gap:12px;align-items:center}
header.top form{margin:0}header.top button{background:none;border:1px solid #fff;color:#fff;padding:2px 10px;font:inherit;cursor:pointer}
main{max-width:1100px;margin:0 auto;padding:16px;background:#fff;min-height:80vh}
h1{font-size:28px;margin:8px 0 16px}h2{font-size:22px;margin:24px 0 8px}h3{font-size:18px;margin:16px 0 8px}
.field{margin:0 0 20px}.field label,.field legend{display:block;font-weight:700}
.hint{display:block;color:#505a5f;font-size:14px}
.field-error{border-left:5px solid #d4351c;padding-left:12px}
.error-message{display:block;color:#d4351c;font-weight:700}
input[type=text],input[type=search],select,textarea{font:inherit;border:2px solid #0b0c0c;padding:4px 6px;width:100%;max-width:28em;background:#fff}
.field-error input,.field-error select,.field-error textarea{border-color:#d4351c}
textarea{min-height:4em}fieldset{border:0;padding:0;margin:0}
.radios label{display:inline-block;font-weight:400;margin-right:16px}
button,.button{font:inherit;font-weight:700;background:#00703c;color:#fff;border:0;box-shadow:0 2px 0 #002d18;padding:8px 16px;cursor:pointer;text-decoration:none;display:inline-block}
.button:visited{color:#fff}button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
.error-summary{border:5px solid #d4351c;padding:16px;margin:0 0 24px}.error-summary h2{margin-top:0}.error-summary a{color:#d4351c;font-weight:700}
.notice{border-left:8px solid #1d70b8;background:#eef4fa;padding:8px 16px;margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin:0 0 16px}th,td{text-align:left;border-bottom:1px solid #b1b4b6;padding:6px 8px;vertical-align:top}
.tag{display:inline-block;padding:0 6px;font-size:14px;font-weight:700;background:#dbe4ea;color:#0b0c0c}
.overdue{background:#f6d7d2;color:#942514}.approaching{background:#fff1c2;color:#594d00}.met{background:#cce2d8;color:#005a30}.paused{background:#e5e6e7}
.filters{display:flex;flex-wrap:wrap;gap:0 16px;background:#f3f2f1;padding:12px;margin-bottom:16px}.filters .field{margin-bottom:8px}.filters .field:last-child{align-self:flex-end}.filters input,.filters select{max-width:12em}
details{margin:0 0 12px}summary{cursor:pointer;color:#1d70b8;font-weight:700}details>div{border-left:5px solid #b1b4b6;padding:8px 16px}
.cards{list-style:none;padding:0;margin:0}.cards>li{border:1px solid #b1b4b6;padding:12px;margin:0 0 12px}
.month{table-layout:fixed}.month td{height:5em;font-size:14px}.month .other{color:#505a5f;background:#f3f2f1}
.chart{max-width:100%;height:auto;display:block;margin:0 0 16px}
ol.timeline{padding-left:20px}
.pager{display:flex;gap:16px}
code.feed-url,code.target{word-break:break-all;overflow-wrap:anywhere}code.feed-url{display:block;background:#fff;border:1px solid #b1b4b6;padding:8px;font-size:14px}
.choice{display:flex;gap:8px;align-items:center;margin:6px 0}.field .choice label{display:inline;font-weight:400}.choice input{width:22px;height:22px;margin:0}
button.warning{background:#d4351c;box-shadow:0 2px 0 #55150b}
td.actions{white-space:nowrap}td.actions form{display:inline-block;margin:0 8px 4px 0}table.subscriptions th{white-space:nowrap}
#cal-holidays{min-height:16em}#cal-workdays{min-height:6em}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dl.summary dt{font-weight:700}dl.summary dd{margin:0}
ol.steps{padding-left:20px}
@media (max-width:640px){main{padding:12px}h1{font-size:24px}header.top .who{margin-left:0}table.responsive thead{display:none}table.responsive td{display:block;border:0;padding:2px 0}table.responsive tr{display:block;border-bottom:1px solid #b1b4b6;padding:8px 0}}
`;
