<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>政府信息公开_绵竹市应急管理局</title>
<meta name="SiteName" content="绵竹市应急管理局" />
<link href="/images/gk.css" rel="stylesheet" type="text/css" />
</head>
<body>
<div class="top"><div class="top_bar w1200"><span class="links"><a href="javascript:void(0);" id="StranLink">繁体</a></span></div>
<div class="header w1200"><div class="logo"><a href="/"><img src="/images/logo.png" alt="绵竹市应急管理局" /></a></div></div>
<div class="nav"><ul class="w1200"><li><a href="/">首页</a></li><li><a href="/jggk/">机构概况</a></li><li><a href="/xwzx/">新闻中心</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div></div>
<div class="main w1200">
<div class="position">您当前的位置：<a href="/">首页</a> &gt; 政府信息公开</div>
<div class="gk_list"><p>参数错误。</p></div>
</div>
<div class="footer"><div class="w1200"><p><a href="/lxwm/">联系我们</a> | <a href="/admin/">管理登录</a></p>
<p>主办单位：绵竹市应急管理局&nbsp;&nbsp;地址：绵竹市剑南街道大西街92号&nbsp;&nbsp;电话：0838-6202119</p>
<p><span class="icp">蜀ICP备05021187号-1</span></p></div></div>
</body>
</html>
